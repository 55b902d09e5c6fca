// The topology: the graph (TopologyGraph, loaded on demand) across the full width, and under it the same groups as
// an outline of lists, which screen readers and keyboard users read (a graph of boxes says nothing to them).
import { Badge, Box, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { lazy, memo, Suspense, useMemo } from 'react';
import { accessWord } from './access-words';
import type { Section } from './visible-hosts';

const TopologyGraph = lazy(() => import('./TopologyGraph'));
import type { HostView, PeerView } from '../../../../shared/contract';
import { useCardSlots } from './card-slots';
import { useHostsStore } from '../../entities/hosts/hosts-store';

function statusColor(h: Pick<HostView, 'online' | 'access' | 'health'>): string {
  if (!h.online) return 'red';
  if (h.access !== 'ok') return 'orange';
  if (h.health === 'Unhealthy') return 'yellow';
  return 'green';
}

const HostNode = memo(function HostNode({ hostId }: { hostId: string }) {
  const host = useHostsStore((s) => s.byId[hostId]);
  if (!host) return null;
  const name = host.name || host.id;
  const color = statusColor(host);
  return (
    <Paper
      withBorder
      p={6}
      className="fl-node"
      role="listitem"
      aria-label={`${name}: ${host.role}, ${host.online ? 'online' : 'offline'}`}
      style={{ borderLeft: `4px solid var(--mantine-color-${color}-6)` }}
    >
      <Text size="sm" fw={600} truncate title={name}>
        {name}
      </Text>
      <Group gap={4}>
        <Badge size="xs" variant="dot" color={color}>
          {host.online ? (host.access === 'ok' ? (host.state ?? 'online') : accessWord(host.access)) : 'offline'}
        </Badge>
      </Group>
    </Paper>
  );
});

/** A linked host the leader reports but the console has not found itself. */
function PeerNode({ peer }: { peer: PeerView }) {
  const name = peer.name || peer.id;
  return (
    <Paper withBorder p={6} className="fl-node" role="listitem" aria-label={`${name}: follower, seen through its leader`} style={{ borderStyle: 'dashed' }}>
      <Text size="sm" fw={600} truncate title={name}>
        {name}
      </Text>
      <Text size="xs" c="dimmed">
        {peer.status.toLowerCase()} · via leader
      </Text>
    </Paper>
  );
}

function LeaderGroup({ leaderId, followerIds }: { leaderId: string; followerIds: string[] }) {
  const leader = useHostsStore((s) => s.byId[leaderId]);
  const { DropTarget } = useCardSlots();
  if (!leader) return null;
  const known = new Set(followerIds);
  const unknownPeers = leader.peers.filter((p) => !known.has(p.id));
  const group = (
    <div className="fl-topology-group">
      <div role="list">
        <HostNode hostId={leaderId} />
      </div>
      <Box w={2} h={12} bg="var(--mantine-color-default-border)" aria-hidden />
      <div className="fl-topology-followers" role="list">
        {followerIds.map((id) => (
          <HostNode key={id} hostId={id} />
        ))}
        {unknownPeers.map((p) => (
          <PeerNode key={p.id} peer={p} />
        ))}
        {followerIds.length + unknownPeers.length === 0 && (
          <Text size="xs" c="dimmed">
            No followers yet
          </Text>
        )}
      </div>
    </div>
  );
  // Files dropped anywhere on a group go to its leader, which syncs them to the followers.
  return (
    <Paper withBorder p="md" radius="md" aria-label={`Group of ${leader.name || leader.id}`} role="region">
      {DropTarget ? <DropTarget hostId={leaderId}>{group}</DropTarget> : group}
    </Paper>
  );
}

interface Groups {
  leaders: string[];
  followersOf: Record<string, string[]>;
  alone: string[];
}

function groupsOf(byId: Record<string, HostView>, ids: string[]): Groups {
  const leaders: string[] = [];
  const followersOf: Record<string, string[]> = {};
  const alone: string[] = [];
  for (const id of ids) {
    const h = byId[id];
    if (!h) continue;
    if (h.role === 'leader') leaders.push(id);
    else if (h.role === 'follower' && h.leaderId) (followersOf[h.leaderId] ??= []).push(id);
    else alone.push(id);
  }
  // Followers whose leader is filtered out or unknown still show, with the hosts not in a group.
  for (const [leaderId, f] of Object.entries(followersOf)) if (!leaders.includes(leaderId)) alone.push(...f);
  return { leaders, followersOf, alone };
}

export function TopologyView({ ids, sections }: { ids: string[]; sections: Section[] }) {
  // The selector returns the group structure as a string, so status updates (which keep it) re-render nothing here.
  const key = useHostsStore((s) => JSON.stringify(groupsOf(s.byId, ids)));
  const { leaders, followersOf, alone } = useMemo(() => JSON.parse(key) as Groups, [key]);
  return (
    <Stack gap="lg">
      <Suspense fallback={<div className="fl-graph" aria-busy="true" />}>
        <TopologyGraph sections={sections} />
      </Suspense>
      <Title order={4}>Groups</Title>
      {leaders.length > 0 && (
        <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
          {leaders.map((id) => (
            <LeaderGroup key={id} leaderId={id} followerIds={followersOf[id] ?? []} />
          ))}
        </SimpleGrid>
      )}
      {alone.length > 0 && (
        <div>
          <Title order={4} mb="xs">
            Not in a group
          </Title>
          <Group gap="sm" role="list" aria-label="Hosts not in a group">
            {alone.map((id) => (
              <HostNode key={id} hostId={id} />
            ))}
          </Group>
        </div>
      )}
    </Stack>
  );
}
