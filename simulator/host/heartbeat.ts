// Peer health and host status travel with the leader's heartbeats, as the Linked Edge Hosts view shows them.
import type { V1EdgeHostInfo, V1Health } from '../../shared/local-api/types';
import { forEachLimited } from './concurrency';
import { errorMessage } from './errors';
import { PeerCallError } from './peer-client';
import { JOINING, NOT_MEMBER, PEER_PATHS } from './peer-paths';
import type { GroupMember, GroupSnapshot } from './persistence';
import type { ContentSyncPart, GroupPart, HeartbeatPart, HostCore } from './host-parts';

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

const FAN_OUT = 16;
/** A joiner stores the group a moment after the leader answers; the first beat waits for that. */
const WELCOME_DELAY_MS = 250;

/** The members of the host this part uses (host-parts.ts). */
type HeartbeatHost = HostCore & { group: GroupPart; content: { sync: Pick<ContentSyncPart, 'onPeerSeen'> } };

/**
 * Health and status flow between linked hosts: the leader beats every follower each interval (host info out,
 * host info and content hash back, the group when either side is behind); a follower judges its leader by how long
 * it has not heard from it, and checks in with it when it comes back up.
 */
export class Heartbeats implements HeartbeatPart {
  private lastLeaderContact = Date.now();
  private stopTimer: (() => void) | null = null;
  private beating = false;

  constructor(private readonly host: HeartbeatHost) {}

  /** Starts or stops the leader's heartbeat loop. */
  run(shouldBeat: boolean): void {
    if (shouldBeat && !this.stopTimer) {
      this.stopTimer = this.host.every(this.host.config.heartbeatSec * 1000, () => this.host.background('heartbeat', this.beat()));
      this.host.background('heartbeat', this.beat());
    } else if (!shouldBeat && this.stopTimer) {
      this.stopTimer();
      this.stopTimer = null;
    }
  }

  /** The host went down: its timers are already cleared. */
  suspend(): void {
    this.stopTimer = null;
    this.lastLeaderContact = Date.now();
  }

  heardFromLeader(): void {
    this.lastLeaderContact = Date.now();
  }

  /** A host just joined: beat it once it has had time to store the group, instead of waiting a whole interval. */
  welcome(memberId: string): void {
    this.host.after(WELCOME_DELAY_MS, () => {
      const member = this.host.group.member(memberId);
      if (member && this.host.group.isLeader()) this.host.background(`first heartbeat to ${member.name}`, this.beatOne(member));
    });
  }

  leaderHealth(): V1Health {
    const silentFor = Date.now() - this.lastLeaderContact;
    if (silentFor <= this.timeoutMs() * 1.5) return { status: 'Healthy' };
    return { status: 'Unhealthy', reason: `no heartbeat from the leader for ${Math.round(silentFor / 1000)} s` };
  }

  onHeartbeat(from: GroupMember, body: HeartbeatRequest): HeartbeatReply {
    const { group } = this.host;
    if (body.snapshot) group.adopt(body.snapshot);
    const current = group.current;
    if (current && from.id === current.leaderId) {
      this.lastLeaderContact = Date.now();
      group.runtimeOf(from.id).info = body.info;
    }
    return {
      version: current?.version ?? 0,
      info: this.host.info(),
      contentSha256: this.host.state.lastUpload?.sha256Hash ?? null,
      ...(current && current.version > body.version ? { snapshot: current } : {}),
    };
  }

  /** Follower, after start or up: am I still linked, and does the leader know where I listen now? */
  async checkIn(): Promise<void> {
    const { group } = this.host;
    const current = group.current;
    const leader = group.leader();
    if (!current || !leader) return;
    try {
      const body: CheckInRequest = {
        version: current.version,
        address: this.host.address,
        port: this.host.port,
        contentSha256: this.host.state.lastUpload?.sha256Hash ?? null,
      };
      const reply = await this.host.peers.call<{ snapshot: GroupSnapshot }>(leader, 'POST', PEER_PATHS.checkIn, body, group.credentials());
      this.lastLeaderContact = Date.now();
      group.adopt(reply.snapshot);
    } catch (err) {
      if (err instanceof PeerCallError && err.code === NOT_MEMBER) group.leaveLocally(`the leader ${leader.name} no longer lists this host`);
      else if (!this.host.signal.aborted) this.host.log(`check-in with leader ${leader.name} failed: ${errorMessage(err)}`);
    }
  }

  async onCheckIn(from: GroupMember, body: CheckInRequest): Promise<{ snapshot: GroupSnapshot }> {
    const { group } = this.host;
    await group.moved(from, body.address, body.port);
    Object.assign(group.runtimeOf(from.id), { health: { status: 'Healthy' }, contentSha: body.contentSha256 });
    // A follower that restarted may have missed a sync: give it the content now rather than after a backoff.
    if (group.isLeader()) this.host.content.sync.onPeerSeen(from, body.contentSha256, true);
    return { snapshot: group.current as GroupSnapshot };
  }

  private async beat(): Promise<void> {
    if (this.beating) return;
    this.beating = true;
    try {
      await forEachLimited(this.host.group.others(), FAN_OUT, (member) => this.beatOne(member));
    } finally {
      this.beating = false;
    }
  }

  private async beatOne(member: GroupMember): Promise<void> {
    const { group } = this.host;
    const current = group.current;
    if (!current || !group.isLeader() || this.host.signal.aborted) return;
    const rt = group.runtimeOf(member.id);
    const body: HeartbeatRequest = {
      version: current.version,
      info: this.host.info(),
      ...(rt.ackedVersion === current.version ? {} : { snapshot: current }),
    };
    try {
      const reply = await this.host.peers.call<HeartbeatReply>(member, 'POST', PEER_PATHS.heartbeat, body, group.credentials(), this.timeoutMs());
      const recovered = rt.health.status === 'Unhealthy';
      Object.assign(rt, { info: reply.info, contentSha: reply.contentSha256, ackedVersion: reply.version, health: { status: 'Healthy' } });
      if (reply.snapshot) group.adopt(reply.snapshot);
      if (group.isLeader()) this.host.content.sync.onPeerSeen(member, reply.contentSha256, recovered);
    } catch (err) {
      if (this.host.signal.aborted) return;
      // Still storing the group it just joined: not a sign of ill health.
      if (err instanceof PeerCallError && err.code === JOINING) return;
      if (err instanceof PeerCallError && err.code === NOT_MEMBER && Date.now() - rt.joinedAt > this.timeoutMs()) {
        await group.drop(member);
        return;
      }
      rt.health = { status: 'Unhealthy', reason: errorMessage(err) };
    }
  }

  /**
   * A site slowed on purpose (latency fault, usually on every host) must not also look unhealthy: the slack grows
   * with this host's own added latency, which the peer it calls has too.
   */
  private timeoutMs(): number {
    return Math.max(2_000, this.host.config.heartbeatSec * 2_000) + 2 * this.host.faults.get().latencyMs;
  }
}
