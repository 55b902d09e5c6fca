import { Button, Group, NativeSelect, SegmentedControl, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useViewStore, type OnlineFilter, type RoleFilter, type StateFilter, type ViewMode } from './view-store';
import { SelectionBar } from '../linking/SelectionBar';

const views: { value: ViewMode; label: string }[] = [
  { value: 'grid', label: 'Cards' },
  { value: 'topology', label: 'Topology' },
  { value: 'list', label: 'List' },
];

export function Toolbar() {
  const v = useViewStore();
  return (
    <Group gap="sm" align="end" wrap="wrap">
      <SegmentedControl aria-label="View" data={views} value={v.mode} onChange={(m) => v.setMode(m as ViewMode)} />
      <TextInput
        aria-label="Search hosts"
        placeholder="Search name, id, address"
        leftSection={<IconSearch size={14} />}
        value={v.search}
        onChange={(e) => v.setFilter({ search: e.currentTarget.value })}
        w={220}
      />
      <NativeSelect
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
        aria-label="Filter by online"
        value={v.online}
        onChange={(e) => v.setFilter({ online: e.currentTarget.value as OnlineFilter })}
        data={[
          { value: 'all', label: 'Online and offline' },
          { value: 'online', label: 'Online' },
          { value: 'offline', label: 'Offline' },
        ]}
      />
      <Button variant="subtle" onClick={v.clearFilters}>
        Clear filters
      </Button>
      <SelectionBar />
    </Group>
  );
}
