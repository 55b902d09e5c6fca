import { Button, Group, Text } from '@mantine/core';
import { IconChecks, IconLink, IconUnlink, IconX } from '@tabler/icons-react';
import { useState, type DragEvent } from 'react';
import { useApi } from '../../app/api-context';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { currentVisibleIds } from '../dashboard/visible-hosts';
import { unlinkMany } from './actions';
import { isLeaderDrag, LEADER_MIME } from './drag-link';
import { pickLeaderFor, preflight } from './link-flow-store';
import { selectedIds, useSelectionStore } from './selection-store';

/** The standalone hosts shown that are Ready: the usual candidates for a bulk link. */
export function readyIds(): string[] {
  const byId = useHostsStore.getState().byId;
  return currentVisibleIds().filter((id) => {
    const h = byId[id];
    return h && h.state === 'Ready' && h.role === 'standalone' && h.access === 'ok' && h.online;
  });
}

export function selectAllReady(): number {
  const ids = readyIds();
  useSelectionStore.getState().setMany(ids);
  return ids.length;
}

export function linkSelectionToLeader(): void {
  pickLeaderFor(selectedIds());
}

/**
 * "Ready (n)": a click selects every Ready standalone host; dropping a leader (its token or card, or a standalone
 * card that is to become the leader) here links them all to it, after the usual check.
 */
function ReadyGroup() {
  const api = useApi();
  const ready = useHostsStore(
    (s) => Object.values(s.byId).filter((h) => h.state === 'Ready' && h.role === 'standalone' && h.access === 'ok' && h.online).length,
  );
  const [over, setOver] = useState(false);
  const onDragOver = (e: DragEvent) => {
    if (!isLeaderDrag(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'link';
    setOver(true);
  };
  const onDrop = (e: DragEvent) => {
    setOver(false);
    if (!isLeaderDrag(e)) return;
    e.preventDefault();
    const leaderId = e.dataTransfer.getData(LEADER_MIME);
    const ids = readyIds().filter((id) => id !== leaderId);
    if (leaderId && ids.length) void preflight(api, leaderId, ids); // a failed check is notified and shown in the link dialog
  };
  return (
    <Button
      variant={over ? 'filled' : 'default'}
      color={over ? 'teal' : undefined}
      leftSection={<IconChecks size={16} />}
      onClick={selectAllReady}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-ready-drop
      aria-label={`Select all Ready hosts (${ready}); drop a leader here to link them all`}
    >
      Ready ({ready})
    </Button>
  );
}

export function SelectionBar() {
  const api = useApi();
  const selected = useSelectionStore((s) => s.selected);
  const count = Object.keys(selected).length;
  const followers = useHostsStore((s) => Object.keys(selected).filter((id) => s.byId[id]?.role === 'follower').length);
  const clear = useSelectionStore((s) => s.clear);
  return (
    <Group gap="xs" ml="auto" wrap="nowrap">
      <ReadyGroup />
      <Text size="sm" className="fl-tabular" aria-live="polite">
        {count > 0 ? `${count} selected` : ''}
      </Text>
      <Button leftSection={<IconLink size={16} />} disabled={count === 0} onClick={linkSelectionToLeader}>
        Link to leader…
      </Button>
      <Button
        variant="light"
        color="red"
        leftSection={<IconUnlink size={16} />}
        disabled={followers === 0}
        onClick={() => void unlinkMany(api, selectedIds()).then((ok) => ok && useSelectionStore.getState().clear()) /* unlinkMany notifies its own failure */}
        aria-label={followers === 0 ? 'Unlink selected (no follower selected)' : `Unlink ${followers} selected`}
      >
        Unlink{followers > 0 ? ` ${followers}` : ''}
      </Button>
      <Button variant="subtle" color="gray" leftSection={<IconX size={16} />} disabled={count === 0} onClick={clear} aria-label="Clear selection">
        Clear
      </Button>
    </Group>
  );
}
