// The plain list for big sites. Rows are a fixed height, so only the rows in view are rendered (plus a margin):
// a thousand hosts cost what thirty do.
import { Checkbox, Table, Text } from '@mantine/core';
import { memo, useEffect, useRef, useState, type MouseEvent } from 'react';
import { clockTime } from '../../lib/format';
import { useSelectionStore } from '../linking/selection-store';
import { OnlineDot, RoleBadge, StateBadge } from './badges';
import { toggleWithShift } from './HostCard';
import { HostMenu } from './HostMenu';
import { useHostsStore } from './hosts-store';

export const ROW_HEIGHT = 44;
const OVERSCAN = 10;
/** Used before layout (and under jsdom, which has none). */
const FALLBACK_VIEWPORT = 800;

const accessText: Record<string, string> = {
  ok: 'ok',
  'needs-credentials': 'needs credentials',
  'auth-failed': 'sign-in failed',
  'locked-out': 'locked out',
  'needs-trust': 'certificate to check',
  'certificate-changed': 'CERTIFICATE CHANGED',
  unreachable: 'unreachable',
  checking: 'checking…',
};

const HostRow = memo(function HostRow({ hostId }: { hostId: string }) {
  const host = useHostsStore((s) => s.byId[hostId]);
  const leaderName = useHostsStore((s) => (host?.leaderId ? s.byId[host.leaderId]?.name ?? host.leaderId : null));
  const selected = useSelectionStore((s) => s.selected[hostId] === true);
  const [menu, setMenu] = useState(false);
  if (!host) return null;
  const name = host.name || host.id;
  return (
    <Table.Tr className="fl-list-row" data-selected={selected || undefined}>
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
        <Text size="xs" c={host.access === 'ok' ? 'dimmed' : 'red'}>
          {accessText[host.access]}
        </Text>
      </Table.Td>
      <Table.Td maw={160}>
        <Text size="xs" truncate>
          {host.role === 'leader' ? `${host.peers.length} linked` : leaderName ?? '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs">{host.agentVersion ?? '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" className="fl-tabular">
          {clockTime(host.lastSeen)}
        </Text>
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
            <Table.Th w={36} />
            <Table.Th>Name</Table.Th>
            <Table.Th>Address</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Online</Table.Th>
            <Table.Th>Access</Table.Th>
            <Table.Th>Group</Table.Th>
            <Table.Th>Agent</Table.Th>
            <Table.Th>Last seen</Table.Th>
            <Table.Th w={40} />
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
