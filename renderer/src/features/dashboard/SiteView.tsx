import { Button, EmptyState, Stack } from '@mantine/core';
import { IconFilterOff, IconShieldQuestion } from '@tabler/icons-react';
import { useDeferredValue, useState } from 'react';
import { EmptySite } from '../discovery/EmptySite';
import { StaleHostsGroup } from '../sites/StaleHostsGroup';
import { UnconfirmedHostsGroup } from '../sites/UnconfirmedHostsGroup';
import { HostGrid } from './HostGrid';
import { HostList } from './HostList';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { SummaryStrip } from './SummaryStrip';
import { Toolbar } from './Toolbar';
import { TopologyView } from './TopologyView';
import { filtersActive, useViewStore } from './view-store';
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

/** Every known host is unconfirmed or stale (a first run, the demo): say where they are instead of blaming filters. */
function AllAside() {
  return (
    <EmptyState
      mt="xl"
      icon={<IconShieldQuestion size={36} />}
      title="No host of this site yet"
      description="The hosts Fieldlink knows are in the groups below: new ones wait until you check their certificates (Review new certificates), stale ones were not seen for a while. Adding a host by its address also takes it into this site."
    />
  );
}

export function SiteView() {
  // One clock for the grid and the stale group, so a host is never in both or in neither.
  const [now] = useState(() => Date.now());
  const sections = useSiteSections(now);
  const ids = sections.flatMap((s) => s.ids);
  const total = useHostsStore((s) => Object.keys(s.byId).length);
  const loaded = useHostsStore((s) => s.loaded);
  const mode = useViewStore((s) => s.mode);
  const filtered = useViewStore(filtersActive);

  // The store's update renders synchronously (useSyncExternalStore), so the dashboard of a site that just arrived
  // was one long task (60–90 ms on a cold start). It appears through a deferred value instead: a transition that
  // React renders in slices, while the urgent render only keeps the waiting screen up a moment longer.
  const shown = useDeferredValue(total > 0);
  if (total === 0 || !shown) return <EmptySite loaded={loaded && total === 0} />;
  return (
    <Stack gap="md">
      <SummaryStrip now={now} />
      <Toolbar />
      {ids.length === 0 ? (
        filtered ? (
          <NoMatch />
        ) : (
          <AllAside />
        )
      ) : mode === 'grid' ? (
        <HostGrid sections={sections} />
      ) : mode === 'list' ? (
        <HostList ids={ids} />
      ) : (
        <TopologyView ids={ids} sections={sections} />
      )}
      <UnconfirmedHostsGroup />
      <StaleHostsGroup now={now} />
    </Stack>
  );
}
