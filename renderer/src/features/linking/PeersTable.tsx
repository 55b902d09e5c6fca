import { Button, Menu, Modal } from '@mantine/core';
import { memo, useState } from 'react';
import type { HostView, PeerView } from '../../../../shared/contract';
import { useApi } from '../../app/api-context';
import { Tag } from '../dashboard/badges';
import { linkWord, syncWord } from '../../lib/link-words';
import { LazyMenu } from '../../ui/LazyMenu';
import { PEERS_SHOWN } from '../dashboard/grid-layout';
import { unlink } from './actions';

const toneColor = { done: 'green', active: 'blue', waiting: 'gray', failed: 'red', unknown: 'gray' } as const;

/**
 * One word per follower so the column never overflows: a link that is not done yet (or failed) first, else the
 * content sync when the leader reports one, else the link word; "unhealthy" beside it when the host says so.
 */
function PeerState({ peer }: { peer: PeerView }) {
  const link = linkWord(peer.status);
  const sync = syncWord(peer.contentSyncStatus);
  const linkPending = link && (link.tone === 'active' || link.tone === 'waiting' || link.tone === 'failed');
  const shown = linkPending ? link : (sync ?? link);
  const unhealthy = peer.health === 'Unhealthy';
  return (
    <span className="fl-row" style={{ gap: 4 }} title={[link?.text, sync?.text].filter(Boolean).join(', ')}>
      {shown && <Tag color={toneColor[shown.tone]}>{shown.text}</Tag>}
      {unhealthy && (
        <Tag color="red" title={peer.healthReason ?? undefined}>
          unhealthy
        </Tag>
      )}
    </span>
  );
}

const PeerRow = memo(function PeerRow({ leaderId, peer, withAddress }: { leaderId: string; peer: PeerView; withAddress: boolean }) {
  const api = useApi();
  const [menu, setMenu] = useState(false);
  const name = peer.name || peer.id;
  const address = `${peer.address}${peer.port ? `:${peer.port}` : ''}`;
  return (
    <tr>
      <td title={`${name} (${address})`}>{name}</td>
      {withAddress && <td className="fl-tabular">{address}</td>}
      <td>
        <PeerState peer={peer} />
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
            <Menu.Item color="red" onClick={() => void unlink(api, peer.id, true, name, leaderId) /* unlink notifies its own failure */}>
              Unlink
            </Menu.Item>
          )}
        />
      </td>
    </tr>
  );
});

/** On the card the address column is left out (it would push the state out of a compact card); "Show all" has it. */
function Table({ leader, peers, label, withAddress }: { leader: HostView; peers: PeerView[]; label: string; withAddress: boolean }) {
  return (
    <table className="fl-peers" aria-label={label}>
      <thead>
        <tr>
          <th>Host</th>
          {withAddress && <th>Address</th>}
          <th>State</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {peers.map((p) => (
          <PeerRow key={p.id} leaderId={leader.id} peer={p} withAddress={withAddress} />
        ))}
      </tbody>
    </table>
  );
}

/**
 * The leader's Linked Edge Hosts table, as its host reports it: every follower up to a dozen, then "Show all" opens
 * the whole list. Never an inner scroll box, which hid the token and the Stop button.
 */
export function PeersTable({ leader }: { leader: HostView }) {
  const [all, setAll] = useState(false);
  const name = leader.name || leader.id;
  if (leader.peers.length === 0) {
    return <span className="fl-xs fl-dim">No linked hosts yet. Drag the token onto a host card or a selection, or copy the token.</span>;
  }
  const more = leader.peers.length - PEERS_SHOWN;
  return (
    <>
      <Table leader={leader} peers={leader.peers.slice(0, PEERS_SHOWN)} label={`Linked Edge Hosts of ${name}`} withAddress={false} />
      {more > 0 && (
        <Button size="compact-xs" variant="subtle" onClick={() => setAll(true)} aria-label={`Show all ${leader.peers.length} linked hosts of ${name}`}>
          Show all {leader.peers.length} ({more} more)
        </Button>
      )}
      {all && (
        <Modal opened onClose={() => setAll(false)} title={`Linked Edge Hosts of ${name} (${leader.peers.length})`} size="lg">
          <Table leader={leader} peers={leader.peers} label={`All linked hosts of ${name}`} withAddress />
        </Modal>
      )}
    </>
  );
}
