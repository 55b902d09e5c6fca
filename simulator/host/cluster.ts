// A cluster makes hosts In-Use and changes who leads; the console must see both, so the simulator models them.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { V1AcceptedResponseWithMessage, V1Cluster } from '../../shared/local-api/types';
import { badRequest, conflict, notFound } from './errors';
import type { ClusterRecord } from './persistence';
import type { GroupPart, HostCore } from './host-parts';

const K8S_VERSION = '1.31.4';

/** The part of v1ClusterConfiguration the simulator reads: the cluster name and which hosts go in which pool. */
const createBodySchema = z.looseObject({
  metadata: z.looseObject({ name: z.string().optional() }).optional(),
  spec: z
    .looseObject({
      cloudConfig: z
        .looseObject({
          spec: z
            .looseObject({
              machinePoolConfig: z
                .array(
                  z.looseObject({
                    isControlPlane: z.boolean().optional(),
                    hosts: z.array(z.looseObject({ hostUid: z.string().optional() })).optional(),
                  }),
                )
                .optional(),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
});

/** The members of the host this part uses (host-parts.ts). */
type ClusterHost = HostCore & { group: Pick<GroupPart, 'isLeader' | 'leader' | 'member' | 'others' | 'selfMember' | 'update'> };

/**
 * Just enough of cluster lifecycle to put hosts In-Use and back to Ready: create (Provisioning, then Running) and
 * delete (Deleting, then gone, with the host the delete was done on as the group's one leader). The record travels
 * with the link group, so every member agrees on it.
 */
export class Cluster {
  constructor(private readonly host: ClusterHost) {}

  current(): ClusterRecord | null {
    return this.host.currentCluster();
  }

  /** A host the site file declares In-Use starts in a running single-node cluster of its own. */
  startInUse(): void {
    const { host } = this;
    host.state.soloCluster = {
      id: randomUUID(),
      name: `${host.name}-cluster`,
      state: 'Running',
      nodes: { [host.id]: 'controlplane' },
      createdAt: new Date().toISOString(),
      actorId: host.id,
    };
  }

  /** After start or up: finish a transition this host started and did not complete before it went down. */
  resume(): void {
    const cluster = this.current();
    if (!cluster || cluster.actorId !== this.host.id) return;
    if (cluster.state === 'Provisioning') this.host.after(this.host.config.clusterTransitionMs, () => this.markRunning(cluster.id));
    if (cluster.state === 'Deleting') this.host.after(this.host.config.clusterTransitionMs, () => this.finishDelete(cluster.id));
  }

  create(rawBody: unknown): V1AcceptedResponseWithMessage {
    const { host } = this;
    const body = createBodySchema.parse(rawBody ?? {});
    const existing = this.current();
    if (existing) throw conflict(`A cluster already exists on this host: ${existing.name} (${existing.state})`);
    const group = host.state.group;
    if (group && !host.group.isLeader()) {
      throw conflict(`Create the cluster on the leader ${host.group.leader()?.name ?? ''}: before a cluster exists only the leader acts for its group`);
    }

    const nodes: ClusterRecord['nodes'] = {};
    for (const pool of body.spec?.cloudConfig?.spec?.machinePoolConfig ?? []) {
      for (const entry of pool.hosts ?? []) {
        if (entry.hostUid) nodes[entry.hostUid] = pool.isControlPlane === false ? 'worker' : 'controlplane';
      }
    }
    if (Object.keys(nodes).length === 0) {
      for (const id of [host.id, ...host.group.others().map((m) => m.id)]) nodes[id] = 'controlplane';
    }
    for (const id of Object.keys(nodes)) {
      if (id !== host.id && !host.group.member(id)) throw badRequest(`Host ${id} is not linked to this host: link it before adding it to a cluster`);
    }

    const record: ClusterRecord = {
      id: randomUUID(),
      name: body.metadata?.name || 'edge-cluster',
      state: 'Provisioning',
      nodes,
      createdAt: new Date().toISOString(),
      actorId: host.id,
    };
    this.save(record);
    host.after(host.config.clusterTransitionMs, () => this.markRunning(record.id));
    return { message: `Cluster ${record.name} is being created on ${Object.keys(nodes).length} host(s)` };
  }

  remove(): V1AcceptedResponseWithMessage {
    const { host } = this;
    const cluster = this.current();
    if (!cluster) throw notFound('There is no cluster on this host');
    if (cluster.state === 'Deleting') throw conflict(`The cluster ${cluster.name} is already being deleted`);
    this.save({ ...cluster, state: 'Deleting', actorId: host.id });
    host.after(host.config.clusterTransitionMs, () => this.finishDelete(cluster.id));
    return { message: `Cluster ${cluster.name} is being deleted` };
  }

  details(): V1Cluster {
    const { host } = this;
    const cluster = this.current();
    if (!cluster) throw notFound('There is no cluster on this host');
    const describe = (id: string) => {
      const member = id === host.id ? host.group.selfMember() : host.group.member(id);
      return { id, name: member?.name ?? id, address: member?.address ?? '' };
    };
    const pools = (['controlplane', 'worker'] as const)
      .map((role) => ({
        role,
        pool: { name: role === 'controlplane' ? 'control-plane-pool' : 'worker-pool', isControlPlane: role === 'controlplane', archType: 'amd64' as const },
        hosts: Object.entries(cluster.nodes)
          .filter(([, r]) => r === role)
          .map(([id]) => describe(id)),
      }))
      .filter((p) => p.hosts.length > 0);
    const healthy = cluster.state === 'Running';
    const health = healthy ? { status: 'Healthy' as const } : { status: 'Unhealthy' as const, reason: `cluster is ${cluster.state}` };
    return {
      metadata: { id: cluster.id, name: cluster.name, creationTimestamp: cluster.createdAt },
      spec: {
        hostIDs: Object.keys(cluster.nodes),
        nodePools: pools.map((p) => ({ pool: p.pool, hosts: p.hosts.map((h) => ({ hostID: h.id, hostName: h.name, hostAddress: h.address })) })),
      },
      status: {
        clusterState: cluster.state,
        health,
        k8sVersion: K8S_VERSION,
        agentVersion: host.state.profile.agentVersion,
        nodePools: pools.map((p) => ({
          pool: p.pool,
          nodes: p.hosts.map((h) => ({ nodeName: h.name, ipv4: h.address, nodeState: cluster.state, health, architecture: 'amd64', k8sVersion: K8S_VERSION })),
        })),
      },
    };
  }

  private markRunning(id: string): void {
    const cluster = this.current();
    if (cluster?.id === id && cluster.state === 'Provisioning') this.save({ ...cluster, state: 'Running' });
  }

  private finishDelete(id: string): void {
    const { host } = this;
    const cluster = this.current();
    if (cluster?.id !== id || cluster.state !== 'Deleting') return;
    if (host.state.group) {
      // link-hosts.md: after a delete the hosts stay linked, and the host the delete was done on is the one leader.
      void host.group.update((draft) => {
        draft.cluster = null;
        draft.leaderId = host.id;
      });
    } else {
      host.state.soloCluster = null;
      host.persist();
    }
  }

  private save(record: ClusterRecord): void {
    const { host } = this;
    if (host.state.group) {
      host.background(
        'sharing the cluster with the group',
        host.group.update((draft) => {
          draft.cluster = record;
        }),
      );
    } else {
      host.state.soloCluster = record;
      host.persist();
    }
  }
}
