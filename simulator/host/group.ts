// Linked hosts share a roster that must converge after missed messages; this is one member's copy and how it syncs.
import type { V1EdgeHostInfo, V1LinkPeer } from '../../shared/local-api/types';
import { forEachLimited } from './concurrency';
import { errorMessage } from './errors';
import type { PeerCredentials } from './peer-client';
import { PEER_PATHS } from './peer-paths';
import type { GroupMember, GroupSnapshot } from './persistence';
import type { ContentSyncPart, GroupPart, HeartbeatPart, HostCore, MemberRuntime, TokenPart } from './host-parts';

const FAN_OUT = 16;
const BROADCAST_DELAY_MS = 100;

/** The members of the host this part uses (host-parts.ts). */
type GroupHost = HostCore & {
  heartbeats: HeartbeatPart;
  tokens: Pick<TokenPart, 'ensureGenerating' | 'stopGenerating'>;
  content: { sync: ContentSyncPart };
};

/**
 * The link group as seen by one member: who is in it, who leads, how a change reaches the others, and how members
 * converge after missed messages (newest version wins; a member that is not listed any more leaves). The leader's
 * heartbeats live in heartbeat.ts.
 */
export class GroupSync implements GroupPart {
  private readonly runtime = new Map<string, MemberRuntime>();
  /** Members still to be told about `lastMade` (coalesced broadcast). */
  private readonly pendingRecipients = new Map<string, GroupMember>();
  private lastMade: GroupSnapshot | null = null;
  private broadcastScheduled = false;

  constructor(private readonly host: GroupHost) {}

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
    this.reconcileRoles();
    if (!this.current) return;
    if (this.isLeader()) this.refreshOwnEndpoint();
    else this.host.background('check-in with the leader', this.host.heartbeats.checkIn());
  }

  /** The host went down. */
  suspend(): void {
    // The pending broadcast timer died with the host; heartbeats catch members up after it is back.
    this.broadcastScheduled = false;
    this.pendingRecipients.clear();
  }

  /** A new group (first follower joined this leader) or the copy a follower received when it joined. */
  join(snapshot: GroupSnapshot, peer?: { id: string; info: V1EdgeHostInfo; contentSha: string | null }): void {
    this.host.state.group = snapshot;
    this.host.state.soloCluster = null;
    if (peer)
      this.runtime.set(peer.id, {
        info: peer.info,
        health: { status: 'Healthy' },
        contentSha: peer.contentSha,
        joinedAt: Date.now(),
        ackedVersion: snapshot.version,
      });
    this.host.heartbeats.heardFromLeader();
    this.host.persist();
    this.reconcileRoles();
  }

  /**
   * Makes a new version of the group on this host and sends it to every member, old and new, so removed members
   * learn they left. Members in `waitFor` are told at once and the call returns how that went (an unlink reports
   * it); the others get the newest version in one coalesced broadcast, so a hundred joins cost one round, not a
   * hundred. `skip` leaves out a member that gets the version another way (a joiner, in its join answer).
   * `quiet` sends nothing now: members catch up at their next heartbeat (for changes only the leader acts on).
   */
  async update(
    change: (draft: GroupSnapshot) => void,
    { waitFor = [], skip = [], quiet = false }: { waitFor?: string[]; skip?: string[]; quiet?: boolean } = {},
  ): Promise<Map<string, Error | null>> {
    const before = this.current;
    if (!before) throw new Error('not in a link group');
    const draft = structuredClone(before);
    change(draft);
    draft.version = before.version + 1;
    for (const member of quiet ? [] : [...before.members, ...draft.members]) {
      if (member.id !== this.host.id && !skip.includes(member.id) && !waitFor.includes(member.id)) this.pendingRecipients.set(member.id, member);
    }
    this.apply(draft);
    this.lastMade = draft;
    if (this.pendingRecipients.size > 0) this.scheduleBroadcast();

    const results = new Map<string, Error | null>();
    const urgent = before.members.concat(draft.members).filter((m, i, all) => waitFor.includes(m.id) && all.findIndex((x) => x.id === m.id) === i);
    await forEachLimited(urgent, FAN_OUT, async (member) => {
      results.set(member.id, await this.send(member, draft));
    });
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
    this.host.content.sync.forgetAllBut(new Set());
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

  /** A member was heard from outside a heartbeat (it just joined). */
  seen(memberId: string, info: V1EdgeHostInfo, contentSha: string | null): void {
    Object.assign(this.runtimeOf(memberId), { info, contentSha, health: { status: 'Healthy' }, joinedAt: Date.now() });
  }

  contentShaOf(memberId: string): string | null | undefined {
    return this.runtime.get(memberId)?.contentSha;
  }

  runtimeOf(id: string): MemberRuntime {
    let rt = this.runtime.get(id);
    if (!rt) {
      rt = { health: { status: 'Healthy' }, joinedAt: Date.now() };
      this.runtime.set(id, rt);
    }
    return rt;
  }

  /** Drops a member that no longer considers itself linked (found out by a heartbeat). */
  async drop(member: GroupMember): Promise<void> {
    this.host.log(`${member.name} no longer considers itself linked: removing it`);
    this.runtime.delete(member.id);
    await this.update((draft) => {
      draft.members = draft.members.filter((m) => m.id !== member.id);
    });
  }

  /** A follower reports where it listens now (after a restart); a change makes a new version. */
  async moved(member: GroupMember, address: string, port: number): Promise<void> {
    if (member.address === address && member.port === port) return;
    await this.update((draft) => {
      const entry = draft.members.find((m) => m.id === member.id);
      if (entry) Object.assign(entry, { address, port });
    });
  }

  // ---- handlers of the host-to-host paths -------------------------------------------------------------------

  onGroup(snapshot: GroupSnapshot): void {
    this.adopt(snapshot);
  }

  async onLeave(from: GroupMember): Promise<void> {
    await this.update((draft) => {
      draft.members = draft.members.filter((m) => m.id !== from.id);
    });
    this.runtime.delete(from.id);
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  private scheduleBroadcast(): void {
    if (this.broadcastScheduled) return;
    this.broadcastScheduled = true;
    this.host.after(BROADCAST_DELAY_MS, () => {
      this.broadcastScheduled = false;
      const snapshot = this.lastMade;
      const recipients = [...this.pendingRecipients.values()];
      this.pendingRecipients.clear();
      if (snapshot) {
        // send() reports each member's failure itself; the broadcast only waits for all of them.
        const all = forEachLimited(recipients, FAN_OUT, async (member) => {
          await this.send(member, snapshot);
        });
        this.host.background(`group version ${snapshot.version} broadcast`, all);
      }
    });
  }

  /** Sends a group version to one member; returns the error, if any (the heartbeat will catch it up later). */
  private async send(member: GroupMember, snapshot: GroupSnapshot): Promise<Error | null> {
    try {
      const reply = await this.host.peers.call<{ version: number }>(
        member,
        'POST',
        PEER_PATHS.group,
        { snapshot },
        {
          groupId: snapshot.id,
          memberId: this.host.id,
          secret: snapshot.secret,
        },
      );
      const rt = this.runtime.get(member.id);
      if (rt) rt.ackedVersion = reply.version;
      return null;
    } catch (err) {
      if (!this.host.signal.aborted) this.host.log(`could not tell ${member.name} about group version ${snapshot.version}: ${errorMessage(err)}`);
      return err as Error;
    }
  }

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
      host.content.sync.forgetAllBut(new Set());
    } else {
      host.state.group = next;
      const ids = new Set(next.members.map((m) => m.id));
      for (const id of this.runtime.keys()) if (!ids.has(id)) this.runtime.delete(id);
      host.content.sync.forgetAllBut(ids);
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
      if (group.leaderId === host.id || controlPlaneOfCluster) host.tokens.ensureGenerating();
      else host.tokens.stopGenerating();
    }
    host.heartbeats.run(!!group && group.leaderId === host.id && host.isUp);
  }

  /** A leader restarted on another port tells its followers where it is now. */
  private refreshOwnEndpoint(): void {
    const me = this.member(this.host.id);
    const self = this.selfMember();
    if (me && (me.address !== self.address || me.port !== self.port || me.fingerprint !== self.fingerprint)) {
      this.host.background(
        'telling the followers where this leader is now',
        this.update((draft) => {
          const entry = draft.members.find((m) => m.id === self.id);
          if (entry) Object.assign(entry, self);
        }),
      );
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
      health: role === 'leader' ? this.host.heartbeats.leaderHealth() : (rt?.health ?? { status: 'Healthy' }),
      contentSyncStatus: role === 'leader' ? this.host.content.sync.receiveStatus() : this.host.content.sync.statusFor(member.id),
      config: rt?.info ?? minimalInfo(member),
    };
    if (nodeRole) entry.nodeRole = nodeRole;
    return entry;
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
