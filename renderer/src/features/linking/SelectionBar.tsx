import { Button, Group, Text } from '@mantine/core';
import { IconChecks, IconLink, IconX } from '@tabler/icons-react';
import { useHostsStore } from '../dashboard/hosts-store';
import { currentVisibleIds } from '../dashboard/visible-hosts';
import { pickLeaderFor } from './link-flow-store';
import { selectedIds, useSelectionStore } from './selection-store';

/** The standalone hosts shown that are Ready: the usual candidates for a bulk link. */
export function selectAllReady(): number {
  const byId = useHostsStore.getState().byId;
  const ids = currentVisibleIds().filter((id) => {
    const h = byId[id];
    return h && h.state === 'Ready' && h.role === 'standalone';
  });
  useSelectionStore.getState().setMany(ids);
  return ids.length;
}

export function linkSelectionToLeader(): void {
  pickLeaderFor(selectedIds());
}

export function SelectionBar() {
  const count = useSelectionStore((s) => Object.keys(s.selected).length);
  const clear = useSelectionStore((s) => s.clear);
  return (
    <Group gap="xs" ml="auto" wrap="nowrap">
      <Button variant="default" leftSection={<IconChecks size={16} />} onClick={selectAllReady}>
        Select all Ready
      </Button>
      <Text size="sm" className="fl-tabular" miw={80} aria-live="polite">
        {count} selected
      </Text>
      <Button leftSection={<IconLink size={16} />} disabled={count === 0} onClick={linkSelectionToLeader}>
        Link to leader…
      </Button>
      <Button variant="subtle" color="gray" leftSection={<IconX size={16} />} disabled={count === 0} onClick={clear} aria-label="Clear selection">
        Clear
      </Button>
    </Group>
  );
}
