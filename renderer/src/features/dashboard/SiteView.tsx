import { Button, EmptyState, Stack } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { EmptySite } from '../discovery/EmptySite';
import { StaleHostsGroup } from '../sites/StaleHostsGroup';
import { UnconfirmedHostsGroup } from '../sites/UnconfirmedHostsGroup';
import { HostGrid } from './HostGrid';
import { HostList } from './HostList';
import { useHostsStore } from './hosts-store';
import { SummaryStrip } from './SummaryStrip';
import { Toolbar } from './Toolbar';
import { TopologyView } from './TopologyView';
import { useViewStore } from './view-store';
import { useSiteSections } from './visible-hosts';

function NoMatch() {
  const clear = useViewStore((s) => s.clearFilters);
  return (
    <EmptyState mt="xl" icon={<IconFilterOff size={36} />} title="No host matches" description="Other hosts are hidden by the search or the filters.">
      <EmptyState.Actions>
        <Button onClick={clear}>Clear filters</Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}

export function SiteView() {
  const sections = useSiteSections();
  const ids = sections.flatMap((s) => s.ids);
  const total = useHostsStore((s) => Object.keys(s.byId).length);
  const loaded = useHostsStore((s) => s.loaded);
  const mode = useViewStore((s) => s.mode);

  if (total === 0) return <EmptySite loaded={loaded} />;
  return (
    <Stack gap="md">
      <SummaryStrip />
      <Toolbar />
      {ids.length === 0 ? (
        <NoMatch />
      ) : mode === 'grid' ? (
        <HostGrid sections={sections} />
      ) : mode === 'list' ? (
        <HostList ids={ids} />
      ) : (
        <TopologyView ids={ids} sections={sections} />
      )}
      <UnconfirmedHostsGroup />
      <StaleHostsGroup />
    </Stack>
  );
}
