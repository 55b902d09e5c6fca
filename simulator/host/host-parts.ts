// The contracts between a simulated host and its parts (tokens, linking, group, heartbeats, content, cluster). Each
// part names only the members of the host and of the other parts it uses, from here, so no part imports the host
// class: sim-host.ts is the one module that knows them all and wires them together.
import type { HostState, NodeRole, SimulatedTokenPayload, V1EdgeHostInfo, V1Health, V1LinkPeer } from '../../shared/local-api/types';
import type { ApiProfile } from './api-profile';
import type { HostCertificate } from './certificate';
import type { FaultControl } from './faults';
import type { OtpCheck } from './otp';
import type { PeerClient, PeerCredentials } from './peer-client';
import type { ClusterRecord, GroupMember, GroupSnapshot, HostProfile, PersistedState } from './persistence';

/** Everything a host needs from its site; the site resolves defaults before building one. */
export interface HostConfig {
  dir: string;
  /** Used on first start only: the persisted name wins afterwards unless the site file names the host. */
  name?: string;
  profile: HostProfile;
  /** Which agent this host plays: the simulator's own, or one that speaks only the published spec. */
  api: ApiProfile;
  /** The site file's initial state, applied when the host is created. */
  initialState: HostState;
  bindAddress: string;
  /** The address the host reports and puts in its tokens (differs from bindAddress only for 0.0.0.0). */
  advertisedAddress: string;
  /** 0 = the port this host had last time if it is free, else any free port. */
  port: number;
  user: string;
  password: string;
  tokenIntervalSec: number;
  lockoutSec: number;
  loginDelayBaseMs: number;
  heartbeatSec: number;
  clusterTransitionMs: number;
  linkStepMs: number;
  log: (message: string) => void;
}

/** The host itself, as every part sees it: identity, state, settings, its life and its host-to-host client. */
export interface HostCore {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly isUp: boolean;
  readonly config: HostConfig;
  readonly state: PersistedState;
  readonly cert: HostCertificate;
  /** Aborted when the host goes down or stops. */
  readonly signal: AbortSignal;
  readonly peers: PeerClient;
  readonly faults: Pick<FaultControl, 'get'>;
  info(): V1EdgeHostInfo;
  hostState(): HostState;
  nodeRole(): NodeRole | undefined;
  currentCluster(): ClusterRecord | null;
  persist(): void;
  log(message: string): void;
  /** A timer that dies with the host's current life. */
  after(ms: number, fn: () => void): void;
  every(ms: number, fn: () => void): () => void;
  /** Work nobody waits for (broadcasts, syncs, heartbeats): a failure is logged, never left unhandled. */
  background(what: string, work: Promise<unknown>): void;
}

/** What a member knows about another at run time (rebuilt after a restart from the first heartbeat). */
export interface MemberRuntime {
  info?: V1EdgeHostInfo;
  health: V1Health;
  /** Group version the member reported last; the leader resends the group when it is behind. */
  ackedVersion?: number;
  /** sha256 of the member's last upload, to know whether content must be synced to it. */
  contentSha?: string | null;
  joinedAt: number;
}

/** The link group as one member sees it (group.ts). */
export interface GroupPart {
  readonly current: GroupSnapshot | null;
  isLeader(): boolean;
  leader(): GroupMember | undefined;
  member(id: string): GroupMember | undefined;
  others(): GroupMember[];
  selfMember(): GroupMember;
  credentials(): PeerCredentials;
  join(snapshot: GroupSnapshot, peer?: { id: string; info: V1EdgeHostInfo; contentSha: string | null }): void;
  update(change: (draft: GroupSnapshot) => void, options?: { waitFor?: string[]; skip?: string[]; quiet?: boolean }): Promise<Map<string, Error | null>>;
  adopt(snapshot: GroupSnapshot): void;
  leaveLocally(reason: string): void;
  peersView(): V1LinkPeer[];
  seen(memberId: string, info: V1EdgeHostInfo, contentSha: string | null): void;
  contentShaOf(memberId: string): string | null | undefined;
  runtimeOf(id: string): MemberRuntime;
  drop(member: GroupMember): Promise<void>;
  moved(member: GroupMember, address: string, port: number): Promise<void>;
}

/** Leader -> follower heartbeats and a follower's check-in (heartbeat.ts). */
export interface HeartbeatPart {
  run(shouldBeat: boolean): void;
  heardFromLeader(): void;
  welcome(memberId: string): void;
  leaderHealth(): V1Health;
  checkIn(): Promise<void>;
}

/**
 * What a follower learns from a token it is given. `leader` finds the host that issued it (null: nobody on the
 * network answers for it); `where` names it in messages.
 */
export interface ReadToken {
  otp: string;
  where: string;
  issuedHere: boolean;
  leader(): SimulatedTokenPayload | null;
}

/** Leadership and link tokens (tokens.ts). */
export interface TokenPart {
  isGenerating(): boolean;
  ensureGenerating(): void;
  stopGenerating(): void;
  checkOtp(otp: string): OtpCheck;
  read(text: string): ReadToken;
}

/** Content sync from the acting leader to the other members (content-sync.ts). */
export interface ContentSyncPart {
  onPeerSeen(member: GroupMember, memberSha: string | null, recovered: boolean): void;
  forgetAllBut(memberIds: Set<string>): void;
  statusFor(memberId: string): string;
  receiveStatus(): string;
}
