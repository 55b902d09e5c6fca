import { Menu } from '@mantine/core';
import { memo, useState } from 'react';
import type { HostView, PeerView } from '../../../../shared/contract';
import { useApi } from '../../app/api-context';
import { Tag } from '../dashboard/badges';
import { LazyMenu } from '../../ui/LazyMenu';
import { unlink } from './actions';

const PeerRow = memo(function PeerRow({ leaderId, peer }: { leaderId: string; peer: PeerView }) {
  const api = useApi();
  const [menu, setMenu] = useState(false);
  const name = peer.name || peer.id;
  return (
    <tr>
      <td title={name}>{name}</td>
      <td className="fl-tabular">
        {peer.address}
        {peer.port ? `:${peer.port}` : ''}
      </td>
      <td>
        <Tag color={peer.health === 'Unhealthy' ? 'red' : 'gray'} title={peer.healthReason ?? undefined}>
          {peer.status}
        </Tag>
      </td>
      <td style={{ width: 30 }}>
        {/* The Local UI's three-dot button next to the address. */}
        <LazyMenu
          size="sm"
          width={160}
          label={`Actions for linked host ${name}`}
          opened={menu}
          onChange={setMenu}
          items={() => (
            <Menu.Item color="red" onClick={() => void unlink(api, peer.id, true, name, leaderId)}>
              Unlink
            </Menu.Item>
          )}
        />
      </td>
    </tr>
  );
});

/** The leader's Linked Edge Hosts table, as its host reports it. */
export function PeersTable({ leader }: { leader: HostView }) {
  if (leader.peers.length === 0) {
    return <span className="fl-xs fl-dim">No linked hosts yet. Drag the token onto a host card, select hosts and choose Link to leader, or copy the token.</span>;
  }
  return (
    <table className="fl-peers" aria-label={`Linked Edge Hosts of ${leader.name || leader.id}`}>
      <thead>
        <tr>
          <th>Host</th>
          <th>Address</th>
          <th>Status</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {leader.peers.map((p) => (
          <PeerRow key={p.id} leaderId={leader.id} peer={p} />
        ))}
      </tbody>
    </table>
  );
}
