import type { V1EdgeHostInfo, V1Health, V1LinkPeer } from '../../shared/local-api/types.js';
import { forEachLimited } from './concurrency.js';
import { errorMessage } from './errors.js';
import { PeerCallError, type PeerCredentials } from './peer-client.js';
import { PEER_PATHS } from './peer-paths.js';
import type { GroupMember, GroupSnapshot } from './persistence.js';
import type { SimHost } from './sim-host.js';

/** What a member knows about another at run time (rebuilt after a restart from the first heartbeat). */
interface MemberRuntime {
  info?: V1EdgeHostInfo;
  health: V1Health;
  /** Group version the member reported last; the leader resends the group when it is behind. */
  ackedVersion?: number;
  /** sha256 of the member's last upload, to know whether content must be synced to it. */
  contentSha?: string | null;
  joinedAt: number;
}

export interface HeartbeatRequest {
  version: number;
  info: V1EdgeHostInfo;
  snapshot?: GroupSnapshot;
}

export interface HeartbeatReply {
  version: number;
  info: V1EdgeHostInfo;
  contentSha256: string | null;
  snapshot?: GroupSnapshot;
}

export interface CheckInRequest {
  version: number;
  address: string;
  port: number;
  contentSha256: string | null;
}

/** A follower is told it is no longer a member; the leader drops it (reconciles after missed messages). */
export const NOT_MEMBER = 'NotMember';
/** A host linking right now answers this instead of NotMember, so a heartbeat racing the join does not undo it. */
export const JOINING = 'Joining';

const FAN_OUT = 16;
const WELCOME_DELAY_MS = 250;

/**
 * The link group as seen by one member: who is in it, who leads, the leader's heartbeats to its followers, and how
 * members converge after missed messages (newest version wins; a member that is not listed any more leaves).
 */
export class GroupSync {
  private readonly runtime = new Map<string, MemberRuntime>();
  private lastLeaderContact = Date.now();
  private stopHeartbeat: (() => void) | null = null;
  private beating = false;

  constructor(private readonly host: SimHost) {}

  get current(): GroupSnapshot | null {
    return this.host.state.group;
  }

  isLeader(): boolean {
    return this.current?.leaderId === this.host.id;
  }

  leader(): GroupMember | undefined {
    const group = this.current;
    return group?.members.find((m) => m.id === group.leaderId);
  }

  member(id: string): GroupMember | undefined {
    return this.current?.members.find((m) => m.id === id);
  }

  others(): GroupMember[] {
    return this.current?.members.filter((m) => m.id !== this.host.id) ?? [];
  }

  selfMember(): GroupMember {
    const { host } = this;
    return { id: host.id, name: host.name, address: host.address, port: host.port, certPem: host.cert.certPem, fingerprint: host.cert.fingerprint };
  }

  credentials(): PeerCredentials {
    const group = this.current;
    if (!group) throw new Error('not in a link group');
    return { groupId: group.id, memberId: this.host.id, secret: group.secret };
  }

  /** After start or up: resume heartbeats if leading, check in with the leader if following. */
  resume(): void {
    this.lastLeaderContact = Date.now();
    this.reconcileRoles();
    if (!this.current) return;
    if (this.isLeader()) this.refreshOwnEndpoint();
    else void this.checkIn();
  }

  /** The host went down: its timers are already cleared, so only forget the heartbeat handle. */
  suspend(): void {
    this.stopHeartbeat = null;
  }

  /** A new group (first follower joined this leader) or the copy a follower received when it joined. */
  join(snapshot: GroupSnapshot, peer?: { id: string; info: V1EdgeHostInfo; contentSha: string | null }): void {
    this.host.state.group = snapshot;
    this.host.state.soloCluster = null;
    if (peer) this.runtime.set(peer.id, { info: peer.info, health: { status: 'Healthy' }, contentSha: peer.contentSha, joinedAt: Date.now(), ackedVersion: snapshot.version });
    this.lastLeaderContact = Date.now();
    this.host.persist();
    this.reconcileRoles();
  }

  /**
   * Makes a new version of the group on this host and sends it to every member, old and new, so removed members
   * learn they left. Returns once the given members (if any) have answered, so an unlink can report them.
   */
  async update(
    change: (draft: GroupSnapshot) => void,
    { waitFor = [], skip = [] }: { waitFor?: string[]; skip?: string[] } = {},
  ): Promise<Map<string, Error | null>> {
    const before = this.current;
    if (!before) throw new Error('not in a link group');
    const draft = structuredClone(before);
    change(draft);
    draft.version = before.version + 1;
    const recipients = [...new Map([...before.members, ...draft.members].map((m) => [m.id, m])).values()].filter(
      (m) => m.id !== this.host.id && !skip.includes(m.id),
    );
    this.apply(draft);
    const results = new Map<string, Error | null>();
    const delivery = forEachLimited(recipients, FAN_OUT, async (member) => {
      try {
        await this.host.peers.call(member, 'POST', PEER_PATHS.group, { snapshot: draft }, { groupId: draft.id, memberId: this.host.id, secret: draft.secret });
        results.set(member.id, null);
      } catch (err) {
        results.set(member.id, err as Error);
        if (!this.host.signal.aborted) this.host.log(`could not tell ${member.name} about group version ${draft.version}: ${errorMessage(err)}`);
      }
    });
    if (waitFor.length > 0) await delivery;
    else void delivery;
    return results;
  }

  /** Takes a copy received from another member if it is newer; leaves the group if this host is not listed. */
  adopt(snapshot: GroupSnapshot): void {
    const mine = this.current;
    if (!mine || snapshot.id !== mine.id || snapshot.version <= mine.version) return;
    this.apply(snapshot);
  }

  /** Leaves the group on this host only (the other side already knows, or will learn by reconciliation). */
  leaveLocally(reason: string): void {
    if (!this.current) return;
    this.host.log(`left link group: ${reason}`);
    this.host.state.group = null;
    this.runtime.clear();
    this.host.persist();
    this.reconcileRoles();
  }

  /** The peers this host lists in link/status: a leader lists its followers, a follower its leader. */
  peersView(): V1LinkPeer[] {
    const group = this.current;
    if (!group) return [];
    if (this.isLeader()) return this.others().map((m) => this.peerEntry(m, 'follower'));
    const leader = this.leader();
    return leader ? [this.peerEntry(leader, 'leader')] : [];
  }

  /** A host just joined: beat it once it has had time to store the group, instead of waiting a whole interval. */
  welcome(memberId: string): void {
    this.host.after(WELCOME_DELAY_MS, () => {
      const member = this.member(memberId);
      if (member && this.isLeader()) void this.beatOne(member);
    });
  }

  /** A member was heard from outside a heartbeat (it just joined). */
  seen(memberId: string, info: V1EdgeHostInfo, contentSha: string | null): void {
    Object.assign(this.runtimeOf(memberId), { info, contentSha, health: { status: 'Healthy' }, joinedAt: Date.now() });
  }

  contentShaOf(memberId: string): string | null | undefined {
    return this.runtime.get(memberId)?.contentSha;
  }

  // ---- handlers of the host-to-host paths -------------------------------------------------------------------

  onGroup(snapshot: GroupSnapshot): void {
    this.adopt(snapshot);
  }

  onHeartbeat(from: GroupMember, body: HeartbeatRequest): HeartbeatReply {
    if (body.snapshot) this.adopt(body.snapshot);
    const group = this.current;
    if (group && from.id === group.leaderId) {
      this.lastLeaderContact = Date.now();
      this.runtimeOf(from.id).info = body.info;
    }
    return {
      version: group?.version ?? 0,
      info: this.host.info(),
      contentSha256: this.host.state.lastUpload?.sha256Hash ?? null,
      ...(group && group.version > body.version ? { snapshot: group } : {}),
    };
  }

  async onCheckIn(from: GroupMember, body: CheckInRequest): Promise<{ snapshot: GroupSnapshot }> {
    if (from.address !== body.address || from.port !== body.port) {
      await this.update((draft) => {
        const entry = draft.members.find((m) => m.id === from.id);
        if (entry) Object.assign(entry, { address: body.address, port: body.port });
      });
    }
    Object.assign(this.runtimeOf(from.id), { health: { status: 'Healthy' }, contentSha: body.contentSha256 });
    // A follower that restarted may have missed a sync: give it the content now rather than after a backoff.
    if (this.isLeader()) this.host.content.onPeerSeen(from, body.contentSha256, true);
    return { snapshot: this.current as GroupSnapshot };
  }

  async onLeave(from: GroupMember): Promise<void> {
    await this.update((draft) => {
      draft.members = draft.members.filter((m) => m.id !== from.id);
    });
    this.runtime.delete(from.id);
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  private apply(next: GroupSnapshot): void {
    const { host } = this;
    if (!next.members.some((m) => m.id === host.id)) {
      this.leaveLocally('this host is no longer listed in the group');
      return;
    }
    if (next.members.length <= 1) {
      // A leader whose last follower left keeps its own cluster, if it has one, as a single-node cluster.
      host.state.soloCluster = next.cluster && next.cluster.nodes[host.id] ? next.cluster : null;
      host.state.group = null;
      this.runtime.clear();
    } else {
      host.state.group = next;
      for (const id of this.runtime.keys()) if (!next.members.some((m) => m.id === id)) this.runtime.delete(id);
    }
    host.persist();
    this.reconcileRoles();
  }

  /**
   * Roles follow the group: its leader generates tokens and sends heartbeats; in a multi-node cluster every
   * control-plane node generates tokens too (link-hosts.md); anyone else in a group does neither.
   */
  private reconcileRoles(): void {
    const { host } = this;
    const group = this.current;
    const cluster = host.currentCluster();
    const controlPlaneOfCluster =
      !!cluster && cluster.state !== 'Deleting' && cluster.nodes[host.id] === 'controlplane' && Object.keys(cluster.nodes).length > 1;
    if (group) {
      if (group.leaderId === host.id || controlPlaneOfCluster) host.linking.ensureGenerating();
      else host.linking.stopGenerating();
    }
    const shouldBeat = !!group && group.leaderId === host.id && host.isUp;
    if (shouldBeat && !this.stopHeartbeat) {
      this.stopHeartbeat = host.every(host.config.heartbeatSec * 1000, () => void this.beat());
      void this.beat();
    } else if (!shouldBeat && this.stopHeartbeat) {
      this.stopHeartbeat();
      this.stopHeartbeat = null;
    }
  }

  private async beat(): Promise<void> {
    if (this.beating) return;
    this.beating = true;
    try {
      await forEachLimited(this.others(), FAN_OUT, (member) => this.beatOne(member));
    } finally {
      this.beating = false;
    }
  }

  private async beatOne(member: GroupMember): Promise<void> {
    const group = this.current;
    if (!group || !this.isLeader() || this.host.signal.aborted) return;
    const rt = this.runtimeOf(member.id);
    const body: HeartbeatRequest = { version: group.version, info: this.host.info(), ...(rt.ackedVersion === group.version ? {} : { snapshot: group }) };
    try {
      const reply = await this.host.peers.call<HeartbeatReply>(member, 'POST', PEER_PATHS.heartbeat, body, this.credentials(), this.heartbeatTimeoutMs());
      const recovered = rt.health.status === 'Unhealthy';
      Object.assign(rt, { info: reply.info, contentSha: reply.contentSha256, ackedVersion: reply.version, health: { status: 'Healthy' } });
      if (reply.snapshot) this.adopt(reply.snapshot);
      if (this.isLeader()) this.host.content.onPeerSeen(member, reply.contentSha256, recovered);
    } catch (err) {
      if (this.host.signal.aborted) return;
      // Still storing the group it just joined: not a sign of ill health.
      if (err instanceof PeerCallError && err.code === JOINING) return;
      if (err instanceof PeerCallError && err.code === NOT_MEMBER && Date.now() - rt.joinedAt > this.heartbeatTimeoutMs()) {
        this.host.log(`${member.name} no longer considers itself linked: removing it`);
        this.runtime.delete(member.id);
        await this.update((draft) => {
          draft.members = draft.members.filter((m) => m.id !== member.id);
        });
        return;
      }
      rt.health = { status: 'Unhealthy', reason: errorMessage(err) };
    }
  }

  private async checkIn(): Promise<void> {
    const group = this.current;
    const leader = this.leader();
    if (!group || !leader) return;
    try {
      const reply = await this.host.peers.call<{ snapshot: GroupSnapshot }>(
        leader,
        'POST',
        PEER_PATHS.checkIn,
        {
          version: group.version,
          address: this.host.address,
          port: this.host.port,
          contentSha256: this.host.state.lastUpload?.sha256Hash ?? null,
        } satisfies CheckInRequest,
        this.credentials(),
      );
      this.lastLeaderContact = Date.now();
      this.adopt(reply.snapshot);
    } catch (err) {
      if (err instanceof PeerCallError && err.code === NOT_MEMBER) this.leaveLocally(`the leader ${leader.name} no longer lists this host`);
      else if (!this.host.signal.aborted) this.host.log(`check-in with leader ${leader.name} failed: ${errorMessage(err)}`);
    }
  }

  /** A leader restarted on another port tells its followers where it is now. */
  private refreshOwnEndpoint(): void {
    const me = this.member(this.host.id);
    const self = this.selfMember();
    if (me && (me.address !== self.address || me.port !== self.port || me.fingerprint !== self.fingerprint)) {
      void this.update((draft) => {
        const entry = draft.members.find((m) => m.id === self.id);
        if (entry) Object.assign(entry, self);
      });
    }
  }

  private peerEntry(member: GroupMember, role: 'leader' | 'follower'): V1LinkPeer {
    const rt = this.runtime.get(member.id);
    const cluster = this.host.currentCluster();
    const nodeRole = cluster?.nodes[member.id];
    const entry: V1LinkPeer = {
      id: member.id,
      ip: member.address,
      localUIPort: String(member.port),
      role,
      status: nodeRole ? 'In-Use' : 'Ready',
      health: role === 'leader' ? this.leaderHealth() : (rt?.health ?? { status: 'Healthy' }),
      contentSyncStatus: role === 'leader' ? this.host.content.receiveStatus() : this.host.content.syncStatusFor(member.id),
      config: rt?.info ?? minimalInfo(member),
    };
    if (nodeRole) entry.nodeRole = nodeRole;
    return entry;
  }

  private leaderHealth(): V1Health {
    const silentFor = Date.now() - this.lastLeaderContact;
    if (silentFor <= this.heartbeatTimeoutMs() * 1.5) return { status: 'Healthy' };
    return { status: 'Unhealthy', reason: `no heartbeat from the leader for ${Math.round(silentFor / 1000)} s` };
  }

  private heartbeatTimeoutMs(): number {
    return Math.max(2_000, this.host.config.heartbeatSec * 2_000);
  }

  private runtimeOf(id: string): MemberRuntime {
    let rt = this.runtime.get(id);
    if (!rt) {
      rt = { health: { status: 'Healthy' }, joinedAt: Date.now() };
      this.runtime.set(id, rt);
    }
    return rt;
  }
}

/** What a host knows of a peer before the peer has reported its own host info. */
function minimalInfo(member: GroupMember): V1EdgeHostInfo {
  return {
    metadata: { id: member.id, name: member.name },
    spec: { networkInfo: [{ ip: member.address, isDefault: true }] },
    status: { hostName: member.name },
  };
}
