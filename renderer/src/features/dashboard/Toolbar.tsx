import { ActionIcon, Button, Group, NativeSelect, TextInput, Tooltip } from '@mantine/core';
import { IconLayoutList, IconLayoutGrid, IconSearch } from '@tabler/icons-react';
import { filtersActive, useViewStore, type OnlineFilter, type RoleFilter, type StateFilter, type ViewMode } from './view-store';
import { SelectionBar } from '../linking/SelectionBar';
import { SegmentedRadios } from '../../ui/SegmentedRadios';

const views: { value: ViewMode; label: string }[] = [
  { value: 'grid', label: 'Cards' },
  { value: 'topology', label: 'Topology' },
  { value: 'list', label: 'List' },
];

export function Toolbar() {
  const v = useViewStore();
  return (
    <Group gap="xs" align="end" wrap="wrap">
      <SegmentedRadios label="View" data={views} value={v.mode} onChange={v.setMode} />
      {v.mode === 'grid' && (
        <Tooltip label={v.density === 'compact' ? 'Detailed cards: every fact the host reports' : 'Compact cards: more hosts on screen'}>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={v.density === 'compact' ? 'Show detailed cards' : 'Show compact cards'}
            aria-pressed={v.density === 'detailed'}
            onClick={() => v.setDensity(v.density === 'compact' ? 'detailed' : 'compact')}
          >
            {v.density === 'compact' ? <IconLayoutList size={18} /> : <IconLayoutGrid size={18} />}
          </ActionIcon>
        </Tooltip>
      )}
      <TextInput
        aria-label="Search hosts"
        placeholder="Search name, id, address"
        leftSection={<IconSearch size={14} />}
        value={v.search}
        onChange={(e) => v.setFilter({ search: e.currentTarget.value })}
        w={170}
      />
      <NativeSelect
        w={120}
        aria-label="Filter by role"
        value={v.role}
        onChange={(e) => v.setFilter({ role: e.currentTarget.value as RoleFilter })}
        data={[
          { value: 'all', label: 'All roles' },
          { value: 'leader', label: 'Leaders' },
          { value: 'follower', label: 'Followers' },
          { value: 'standalone', label: 'Standalone' },
          { value: 'unknown', label: 'Unknown role' },
        ]}
      />
      <NativeSelect
        w={140}
        aria-label="Filter by state"
        value={v.state}
        onChange={(e) => v.setFilter({ state: e.currentTarget.value as StateFilter })}
        data={[
          { value: 'all', label: 'Any state' },
          { value: 'Ready', label: 'Ready' },
          { value: 'In-Use', label: 'In-Use' },
          { value: 'attention', label: 'Needs attention' },
        ]}
      />
      <NativeSelect
        w={150}
        aria-label="Filter by online"
        value={v.online}
        onChange={(e) => v.setFilter({ online: e.currentTarget.value as OnlineFilter })}
        data={[
          { value: 'all', label: 'Online and offline' },
          { value: 'online', label: 'Online' },
          { value: 'offline', label: 'Offline' },
        ]}
      />
      {filtersActive(v) && (
        <Button variant="subtle" onClick={v.clearFilters}>
          Clear filters
        </Button>
      )}
      <SelectionBar />
    </Group>
  );
}
