// The plain list for big sites. Rows are a fixed height, so only the rows in view are rendered (plus a margin):
// a thousand hosts cost what thirty do.
import { Button, Checkbox, Table, Text } from '@mantine/core';
import { memo, useEffect, useRef, useState, type DragEvent, type MouseEvent } from 'react';
import type { HostView } from '../../../../shared/contract';
import { useApi } from '../../app/api-context';
import { trustCertificate } from '../credentials/certificate-actions';
import { dissolveGroup, makeLeader, unlink } from '../linking/actions';
import { dropLeader, isLeaderDrag, startLeaderDrag } from '../linking/drag-link';
import { pickLeaderFor } from '../linking/link-flow-store';
import { accessWord } from './access-words';
import { LastSeen } from './LiveFacts';
import { useSelectionStore } from '../linking/selection-store';
import { OnlineDot, RoleBadge, StateBadge } from './badges';
import { toggleWithShift } from './HostCard';
import { HostMenu } from './HostMenu';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { markFirstScreen } from '../../ui/first-screen';

export const ROW_HEIGHT = 44;
const OVERSCAN = 10;
/** Used before layout (and under jsdom, which has none). */
const FALLBACK_VIEWPORT = 800;

/**
 * The next step for the host, on its row: trust (the fingerprint is in the row, to compare), make leader or link,
 * unlink, dissolve. Everything else is in the row's menu; a selection gets the same through the selection bar.
 */
function RowActions({ host }: { host: HostView }) {
  const api = useApi();
  const name = host.name || host.id;
  if (host.access === 'needs-trust' && host.offeredFingerprint) {
    const fp = host.offeredFingerprint;
    return (
      <div className="fl-row">
        <Text size="xs" ff="monospace" truncate maw={150} title={fp} aria-label={`Offered certificate fingerprint of ${name}`}>
          {fp}
        </Text>
        <Button
          size="compact-xs"
          onClick={() => void trustCertificate(api, host.id, fp) /* notifies its own failure */}
          aria-label={`Trust certificate of ${name}`}
        >
          Trust
        </Button>
      </div>
    );
  }
  if (host.access !== 'ok' || !host.online) return null;
  if (host.role === 'standalone') {
    return (
      <div className="fl-row">
        <Button
          size="compact-xs"
          onClick={() => void makeLeader(api, host.id) /* notifies its own failure */}
          aria-label={`Make leader (Generate token): ${name}`}
        >
          Make leader
        </Button>
        <Button size="compact-xs" variant="light" onClick={() => pickLeaderFor([host.id])} aria-label={`Link to leader: ${name}`}>
          Link…
        </Button>
      </div>
    );
  }
  if (host.role === 'follower') {
    return (
      <Button
        size="compact-xs"
        variant="light"
        color="red"
        onClick={() => void unlink(api, host.id, false, name, host.leaderId) /* notifies its own failure */}
        aria-label={`Unlink ${name}`}
      >
        Unlink
      </Button>
    );
  }
  if (host.role === 'leader' && host.peers.length > 0) {
    return (
      <Button
        size="compact-xs"
        variant="subtle"
        color="red"
        onClick={() => void dissolveGroup(api, host.id) /* notifies its own failure */}
        aria-label={`Dissolve group of ${name}`}
      >
        Dissolve group
      </Button>
    );
  }
  return null;
}

const HostRow = memo(function HostRow({ hostId }: { hostId: string }) {
  const host = useHostsStore((s) => s.byId[hostId]);
  const leaderName = useHostsStore((s) => (host?.leaderId ? (s.byId[host.leaderId]?.name ?? host.leaderId) : null));
  const selected = useSelectionStore((s) => s.selected[hostId] === true);
  const [menu, setMenu] = useState(false);
  const [over, setOver] = useState(false);
  const api = useApi();
  if (!host) return null;
  const name = host.name || host.id;
  // As on the cards: a leader (or a host to become one) is dragged by its row; dropping it on a row links that host,
  // or the whole selection when the row is selected.
  const canLead = host.role === 'leader' || (host.role === 'standalone' && host.access === 'ok' && host.online);
  const accepts = host.role !== 'leader';
  return (
    <Table.Tr
      className="fl-list-row"
      data-selected={selected || undefined}
      data-drop={over || undefined}
      draggable={canLead}
      onDragStart={canLead ? (e: DragEvent) => startLeaderDrag(e, hostId) : undefined}
      onDragOver={(e: DragEvent) => {
        if (!accepts || !isLeaderDrag(e)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e: DragEvent) => {
        setOver(false);
        if (!accepts || !isLeaderDrag(e)) return;
        e.preventDefault();
        dropLeader(api, e, hostId);
      }}
    >
      <Table.Td>
        <Checkbox
          size="xs"
          checked={selected}
          onChange={() => undefined}
          onClick={(e: MouseEvent<HTMLInputElement>) => toggleWithShift(hostId, e.shiftKey)}
          aria-label={`Select ${name}`}
        />
      </Table.Td>
      <Table.Td maw={200}>
        <Text size="sm" fw={600} truncate title={name}>
          {name}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" className="fl-tabular">
          {host.address}:{host.port}
        </Text>
      </Table.Td>
      <Table.Td>
        <RoleBadge role={host.role} />
      </Table.Td>
      <Table.Td>
        <StateBadge state={host.state} />
      </Table.Td>
      <Table.Td>
        <OnlineDot online={host.online} />
      </Table.Td>
      <Table.Td>
        <Text size="xs" c={host.access === 'ok' ? undefined : 'red'}>
          {accessWord(host.access)}
        </Text>
      </Table.Td>
      <Table.Td maw={160}>
        <Text size="xs" truncate>
          {host.role === 'leader' ? `${host.peers.length} linked` : (leaderName ?? '—')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs">{host.agentVersion ?? '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs">
          <LastSeen iso={host.lastSeen} online={host.online} />
        </Text>
      </Table.Td>
      <Table.Td>
        <RowActions host={host} />
      </Table.Td>
      <Table.Td>
        <HostMenu host={host} opened={menu} onChange={setMenu} />
      </Table.Td>
    </Table.Tr>
  );
});

export function HostList({ ids }: { ids: string[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(FALLBACK_VIEWPORT);
  useEffect(() => markFirstScreen(), []);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || FALLBACK_VIEWPORT);
    measure();
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    ro?.observe(el);
    return () => ro?.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(ids.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
  const shown = ids.slice(first, last);

  return (
    <div
      ref={scroller}
      style={{ height: 'calc(100vh - 250px)', minHeight: 320, overflow: 'auto' }}
      onScroll={(e) => setTop(e.currentTarget.scrollTop)}
      tabIndex={-1}
    >
      <Table stickyHeader aria-label="Hosts" aria-rowcount={ids.length + 1} highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <span className="fl-sr-only">Select</span>
            </Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Address</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Online</Table.Th>
            <Table.Th>Access</Table.Th>
            <Table.Th>Group</Table.Th>
            <Table.Th>Agent</Table.Th>
            <Table.Th>Last seen</Table.Th>
            <Table.Th>Next step</Table.Th>
            <Table.Th w={40}>
              <span className="fl-sr-only">Menu</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {first > 0 && <tr aria-hidden style={{ height: first * ROW_HEIGHT }} />}
          {shown.map((id) => (
            <HostRow key={id} hostId={id} />
          ))}
          {last < ids.length && <tr aria-hidden style={{ height: (ids.length - last) * ROW_HEIGHT }} />}
        </Table.Tbody>
      </Table>
    </div>
  );
}
