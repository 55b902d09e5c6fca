// Linking is the procedure under test: a follower given a token joins its leader over HTTPS, and either side unlinks.
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { V1AcceptedResponseWithMessage, V1EdgeHostInfo, V1LinkStatus } from '../../shared/local-api/types';
import { sameFingerprint } from './certificate';
import { ApiError, badRequest, conflict, errorMessage, notFound } from './errors';
import { fetchPeerCertificate, PeerCallError, type PeerEndpoint } from './peer-client';
import { PEER_PATHS } from './peer-paths';
import { memberSchema, profileSchema, type GroupMember, type GroupSnapshot } from './persistence';
import type { GroupPart, HeartbeatPart, HostCore, ReadToken, TokenPart } from './host-parts';
import { refuseUnlessLinkable } from './tokens';

/** Host info from a peer: kept as the peer sent it (peers are simulated hosts, so it has the spec's shape). */
export const hostInfoSchema = z.custom<V1EdgeHostInfo>((value) => typeof value === 'object' && value !== null && !Array.isArray(value));

export const joinRequestSchema = z.object({
  otp: z.string(),
  /** The leader id the token named, so a token cannot be replayed against another host on the same address. */
  expectedLeaderId: z.string().optional(),
  member: memberSchema,
  profile: profileSchema,
  inUse: z.boolean(),
  info: hostInfoSchema,
  contentSha256: z.string().nullable(),
});
export type JoinRequest = z.infer<typeof joinRequestSchema>;

export interface JoinReply {
  snapshot: GroupSnapshot;
  leaderInfo: V1EdgeHostInfo;
}

interface Attempt {
  status: 'Pending' | 'InProgress' | 'Failed';
  errorMessage?: string;
  leader: string;
}

/** The members of the host this part uses (host-parts.ts). */
type LinkingHost = HostCore & {
  group: GroupPart;
  heartbeats: Pick<HeartbeatPart, 'welcome'>;
  tokens: Pick<TokenPart, 'checkOtp' | 'isGenerating' | 'read'>;
};

/**
 * Linking as the page describes it: a leader generates tokens (base64 JSON with its address, port, OTP, id and
 * certificate fingerprint); a follower given a token answers Pending at once, then joins the leader over HTTPS.
 */
export class Linking {
  private attempt: Attempt | null = null;

  constructor(private readonly host: LinkingHost) {}

  isJoining(): boolean {
    return this.attempt !== null && this.attempt.status !== 'Failed';
  }

  /** The host went down: a link in flight fails, as it would on a real host that rebooted mid-way. */
  suspend(): void {
    if (this.attempt && this.attempt.status !== 'Failed') {
      this.attempt = { ...this.attempt, status: 'Failed', errorMessage: 'This host went down while linking' };
    }
  }

  // ---- leader side --------------------------------------------------------------------------------------------

  onJoin(body: JoinRequest): JoinReply {
    const { host } = this;
    const joiner = body.member;
    if (body.expectedLeaderId && body.expectedLeaderId !== host.id) {
      throw conflict(`The host at ${host.address}:${host.port} is ${host.name} (${host.id}), not the leader named in the token`);
    }
    if (!host.tokens.isGenerating()) throw conflict(`${host.name} is not generating link tokens (token generation was stopped)`);
    const otp = host.tokens.checkOtp(body.otp);
    if (otp === 'expired') {
      throw new ApiError(401, 'OtpExpired', 'The one-time password in the token has expired: copy a fresh token from the leader');
    }
    if (otp === 'invalid') throw new ApiError(401, 'OtpInvalid', 'The one-time password in the token is not valid for this leader');
    if (joiner.id === host.id) throw badRequest('A host cannot be linked to itself');
    const existing = host.state.group;
    if (existing?.members.some((m) => m.id === joiner.id)) {
      // A retry after a lost answer: the host is already in, hand it the group again.
      return { snapshot: existing, leaderInfo: host.info() };
    }
    this.checkCompatible(body);

    if (existing) {
      // The joiner gets the group in this answer; the followers learn of it at their next heartbeat: a new
      // sibling changes nothing they do, and a hundred joins must not cost a hundred broadcasts.
      void host.group.update((draft) => void draft.members.push(joiner), { skip: [joiner.id], quiet: true });
      host.group.seen(joiner.id, body.info, body.contentSha256);
    } else {
      host.group.join(
        {
          id: randomUUID(),
          secret: randomBytes(32).toString('hex'),
          leaderId: host.id,
          version: 1,
          members: [host.group.selfMember(), joiner],
          cluster: host.state.soloCluster,
        },
        { id: joiner.id, info: body.info, contentSha: body.contentSha256 },
      );
    }
    // The first heartbeat, shortly after the joiner has stored the group, starts syncing content to it.
    host.heartbeats.welcome(joiner.id);
    host.log(`${joiner.name} linked as a follower`);
    const snapshot = host.state.group;
    if (!snapshot) throw new Error('the group vanished while a host joined');
    return { snapshot, leaderInfo: host.info() };
  }

  // ---- follower side ------------------------------------------------------------------------------------------

  link(tokenText: string): V1LinkStatus {
    const { host } = this;
    const token = host.tokens.read(tokenText);
    if (token.issuedHere) throw badRequest('This token was generated by this host: a host cannot be linked to itself');
    if (this.isJoining()) throw conflict(`A link to ${this.attempt?.leader} is already in progress`);
    const group = host.state.group;
    if (group && host.group.isLeader()) {
      throw conflict(`This host leads ${host.group.others().length} linked host(s): unlink them and stop token generation before linking it to another leader`);
    }
    if (group) throw conflict(`This host is already linked to the leader ${host.group.leader()?.name ?? ''}: unlink it first`);
    if (host.tokens.isGenerating()) {
      throw conflict('This host is generating link tokens (it is a leader): stop token generation before linking it to another host');
    }
    if (host.hostState() === 'In-Use') throw conflict('This host is In-Use by a cluster: a follower cannot carry cluster workloads');

    this.attempt = { status: 'Pending', leader: token.where };
    this.host.background('linking', this.join(token, this.attempt));
    return { status: 'Pending', peers: [] };
  }

  status(): V1LinkStatus {
    const { host } = this;
    if (host.state.group) return { status: 'Completed', peers: host.group.peersView() };
    if (this.attempt) {
      return { status: this.attempt.status, ...(this.attempt.errorMessage ? { errorMessage: this.attempt.errorMessage } : {}), peers: [] };
    }
    throw notFound('This host is not linked to any host');
  }

  async unlink(peerId: string | undefined): Promise<V1AcceptedResponseWithMessage> {
    const { host } = this;
    if (!peerId) throw badRequest('The query parameter peerId is required');
    const group = host.state.group;
    if (!group) throw conflict('This host is not linked to any host');
    const cluster = host.currentCluster();

    if (host.group.isLeader()) {
      if (peerId === host.id) {
        throw badRequest('Only followers can be unlinked: unlink the followers of this leader, then stop token generation');
      }
      const member = host.group.member(peerId);
      if (!member) throw notFound(`No linked host has the id ${peerId}`);
      if (cluster?.nodes[peerId]) {
        throw conflict(`${member.name} is In-Use by the cluster ${cluster.name}: scale the cluster down or delete it before unlinking`);
      }
      const delivered = await host.group.update(
        (draft) => {
          draft.members = draft.members.filter((m) => m.id !== peerId);
        },
        { waitFor: [peerId] },
      );
      const error = delivered.get(peerId);
      return {
        message: error
          ? `${member.name} unlinked; it could not be told now (${errorMessage(error)}) and will learn it when it is back`
          : `${member.name} unlinked`,
      };
    }

    const leader = host.group.leader();
    this.checkFollowerPeerId(peerId, leader);
    if (cluster?.nodes[host.id]) {
      throw conflict(`This host is In-Use by the cluster ${cluster.name}: scale the cluster down or delete it before unlinking`);
    }
    let note = '';
    if (leader) {
      try {
        await host.peers.call(leader, 'POST', PEER_PATHS.leave, {}, host.group.credentials());
      } catch (err) {
        note = `; the leader could not be told now (${errorMessage(err)}) and will drop this host when it next reaches it`;
      }
    }
    host.group.leaveLocally('unlinked on this host');
    return { message: `Unlinked from the leader ${leader?.name ?? ''}${note}`.replace(/ {2,}/g, ' ') };
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  /** The spec does not say which id a follower's unlink takes; the site chooses (api-profile.ts). */
  private checkFollowerPeerId(peerId: string, leader: GroupMember | undefined): void {
    const { host } = this;
    const rule = host.config.api.unlinkPeerId;
    const accepted = [rule !== 'leader' ? host.id : null, rule !== 'own' ? leader?.id : null].filter((id): id is string => !!id);
    if (accepted.includes(peerId)) return;
    const leaderName = leader?.name ?? 'its leader';
    const wanted =
      rule === 'own'
        ? `its own id (peerId=${host.id})`
        : rule === 'leader'
          ? `its leader's id (peerId=${leader?.id ?? '?'})`
          : `its own id (${host.id}) or its leader's (${leader?.id ?? '?'})`;
    throw badRequest(`On a follower, unlink takes ${wanted}; to unlink other hosts, use the leader ${leaderName}`);
  }

  private async join(token: ReadToken, attempt: Attempt): Promise<void> {
    const { host } = this;
    const signal = host.signal;
    let where = token.where;
    const fail = (message: string) => {
      if (this.attempt === attempt) this.attempt = { ...attempt, status: 'Failed', errorMessage: message };
      host.log(`link to ${where} failed: ${message}`);
    };
    try {
      await sleep(host.config.linkStepMs, undefined, { signal });
      attempt.status = 'InProgress';
      const payload = token.leader();
      if (!payload) {
        return fail(
          `No leader answers for this token at ${where}: it may be from a leader that stopped generating tokens or is unreachable; copy a fresh token from the leader`,
        );
      }
      where = `${payload.ip}:${payload.port}`;
      let leader: PeerEndpoint;
      try {
        const cert = await fetchPeerCertificate(payload.ip, payload.port, signal);
        if (payload.fp && !sameFingerprint(payload.fp, cert.fingerprint)) {
          return fail(`The host at ${where} presented a certificate that does not match the token (expected ${payload.fp}, got ${cert.fingerprint})`);
        }
        leader = { address: payload.ip, port: payload.port, ...cert };
      } catch (err) {
        return fail(`Cannot reach the leader at ${where}: ${errorMessage(err)}`);
      }

      const request: JoinRequest = {
        otp: payload.otp,
        ...(payload.id ? { expectedLeaderId: payload.id } : {}),
        member: host.group.selfMember(),
        profile: host.state.profile,
        inUse: host.hostState() === 'In-Use',
        info: host.info(),
        contentSha256: host.state.lastUpload?.sha256Hash ?? null,
      };
      await sleep(host.config.linkStepMs, undefined, { signal });
      let reply: JoinReply;
      try {
        reply = await host.peers.call<JoinReply>(leader, 'POST', PEER_PATHS.join, request);
      } catch (err) {
        if (err instanceof PeerCallError && err.status) return fail(`The leader refused the link: ${err.message}`);
        return fail(`Cannot reach the leader at ${where}: ${errorMessage(err)}`);
      }
      if (this.attempt !== attempt) return;
      this.attempt = null;
      const leaderInfo = reply.leaderInfo.metadata?.id === reply.snapshot.leaderId ? reply.leaderInfo : undefined;
      host.group.join(reply.snapshot, leaderInfo ? { id: reply.snapshot.leaderId, info: leaderInfo, contentSha: null } : undefined);
      host.log(`linked to the leader ${reply.snapshot.members.find((m) => m.id === reply.snapshot.leaderId)?.name ?? where}`);
    } catch (err) {
      fail(signal.aborted ? 'This host went down while linking' : `Linking failed: ${errorMessage(err)}`);
    }
  }

  private checkCompatible(body: JoinRequest): void {
    const { host } = this;
    const mine = host.state.profile;
    const theirs = body.profile;
    refuseUnlessLinkable(mine, 'the leader');
    if (!theirs.multiNode) {
      throw new ApiError(409, 'MultiNodeDisabled', 'Multi-node is disabled on this host (stylus.enableMultiNode: false)');
    }
    if (theirs.managementMode !== 'local') {
      throw new ApiError(409, 'CentralManagement', 'This host is centrally managed: linking hosts needs local management');
    }
    if (theirs.mode !== mine.mode) {
      throw new ApiError(
        409,
        'ModeMismatch',
        `Deployment mode mismatch: the leader runs in ${mine.mode} mode and this host in ${theirs.mode} mode; linked hosts must share one deployment mode`,
      );
    }
    if (mine.mode === 'agent' && (theirs.os.family.toLowerCase() !== mine.os.family.toLowerCase() || theirs.os.version !== mine.os.version)) {
      throw new ApiError(
        409,
        'OsMismatch',
        `OS mismatch: in agent mode linked hosts must run the same OS; the leader runs ${mine.os.family} ${mine.os.version}, this host ${theirs.os.family} ${theirs.os.version}`,
      );
    }
    if (body.inUse) throw conflict('This host is In-Use by a cluster: a follower cannot carry cluster workloads');
  }
}
