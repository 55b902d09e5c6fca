// "Generate token" makes a host a leader; this issues, reads and checks link tokens in each profile's format.
import { z } from 'zod';
import type { SimulatedTokenPayload, V1AcceptedResponseWithMessage, V1LinkToken } from '../../shared/local-api/types';
import { ApiError, badRequest, conflict, notFound } from './errors';
import { OtpClock, type OtpCheck } from './otp';
import { leaderDirectory } from './leader-directory';
import { decodeSpecToken, encodeSpecToken } from './spec-token';
import type { HostProfile } from './persistence';
import type { GroupPart, HostCore, ReadToken, TokenPart } from './host-parts';

/** Extension `GET link/token` (local-api-notes.md, "Token state and stop"): never a 404 for "not generating". */
export type LinkTokenState = { generating: false } | ({ generating: true } & V1LinkToken);

/** The members of the host this part uses (host-parts.ts). */
type TokenHost = HostCore & { group: Pick<GroupPart, 'isLeader' | 'leader' | 'others'> };

/**
 * Leadership as the page has it: "Generate token" starts a host generating link tokens, "Stop token generation"
 * ends it. On the full profile a token is base64 of a SimulatedTokenPayload (shared/local-api/types.ts): address,
 * port, the current one-time password, the leader's id and its certificate fingerprint. On the spec profile it is
 * spec-token.ts's binary layout, and a follower finds the leader through the leader directory.
 */
export class LinkTokens implements TokenPart {
  constructor(private readonly host: TokenHost) {}

  isGenerating(): boolean {
    return this.host.state.leadership !== null;
  }

  ensureGenerating(): void {
    if (this.host.state.leadership) return;
    this.host.state.leadership = { otpSecret: OtpClock.newSecret(), startedAt: Date.now() };
    this.host.persist();
  }

  stopGenerating(): void {
    if (!this.host.state.leadership) return;
    this.host.state.leadership = null;
    this.host.persist();
  }

  /** `POST link/generate-token`: starts generation if needed, answers the current token. */
  generate(): V1LinkToken {
    const { host } = this;
    if (host.state.group && !host.group.isLeader() && !this.isGenerating()) {
      throw conflict(`This host is a follower of ${host.group.leader()?.name ?? 'another host'}: only the leader generates link tokens`);
    }
    refuseUnlessLinkable(host.state.profile, 'this host');
    this.ensureGenerating();
    return this.state();
  }

  /** Extension `GET link/token`: the token state without starting generation. */
  current(): LinkTokenState {
    if (!this.isGenerating()) return { generating: false };
    return { generating: true, ...this.state() };
  }

  /** Reads a token given to this host to link with; 400 when it is not a token of this host's kind. */
  read(text: string): ReadToken {
    const { host } = this;
    if (host.config.api.name === 'spec') {
      const token = decodeSpecToken(text);
      if (!token) throw notAToken();
      return {
        otp: token.otp,
        where: token.address ?? 'the leader named in the token',
        issuedHere: this.checkOtp(token.otp) !== 'invalid',
        leader: () => {
          const entry = leaderDirectory.find(token.otp, token.address);
          if (!entry) return null;
          return { ip: entry.address, port: entry.port, otp: token.otp, id: entry.id, fp: entry.fingerprint };
        },
      };
    }
    const payload = decodeJsonToken(text);
    return {
      otp: payload.otp,
      where: `${payload.ip}:${payload.port}`,
      issuedHere: payload.id === host.id || (payload.ip === host.address && payload.port === host.port),
      leader: () => payload,
    };
  }

  /** Extension `DELETE link/token`: "Stop token generation" of the page. */
  stop(): V1AcceptedResponseWithMessage {
    const { host } = this;
    if (!this.isGenerating()) return { message: 'This host was not generating link tokens' };
    const cluster = host.currentCluster();
    if (cluster && cluster.nodes[host.id]) {
      throw conflict(`A cluster exists on this host (${cluster.name}): delete the cluster before stopping token generation`);
    }
    const followers = host.group.isLeader() ? host.group.others().length : 0;
    if (followers > 0) {
      throw conflict(`${followers} linked host(s) still follow this leader: unlink them before stopping token generation`);
    }
    this.stopGenerating();
    return { message: 'Token generation stopped' };
  }

  checkOtp(otp: string): OtpCheck {
    return this.clock()?.check(otp) ?? 'invalid';
  }

  private clock(): OtpClock | null {
    const leadership = this.host.state.leadership;
    return leadership ? new OtpClock(leadership.otpSecret, leadership.startedAt, this.host.config.tokenIntervalSec) : null;
  }

  private state(): V1LinkToken {
    const { host } = this;
    const clock = this.clock();
    if (!clock) throw notFound('This host is not generating link tokens');
    const { otp, remainingSec } = clock.current();
    const payload: SimulatedTokenPayload = { ip: host.address, port: host.port, otp, id: host.id, fp: host.cert.fingerprint };
    const token =
      host.config.api.name === 'spec'
        ? encodeSpecToken(host.config.api.specTokenFormat, otp, host.address)
        : Buffer.from(JSON.stringify(payload), 'utf8').toString('base64');
    return {
      token,
      interval: host.config.tokenIntervalSec,
      remainingTime: remainingSec,
    };
  }
}

/** Multi-node and local management are prerequisites of linking (link-hosts.md). */
export function refuseUnlessLinkable(profile: HostProfile, who: 'this host' | 'the leader'): void {
  if (!profile.multiNode) {
    throw new ApiError(409, 'MultiNodeDisabled', `Multi-node is disabled on ${who} (stylus.enableMultiNode: false)`);
  }
  if (profile.managementMode !== 'local') {
    throw new ApiError(
      409,
      'CentralManagement',
      `${who === 'the leader' ? 'The leader' : 'This host'} is centrally managed: linking hosts needs local management`,
    );
  }
}

const tokenPayloadSchema = z.object({
  ip: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  otp: z.string().min(1),
  id: z.string().optional(),
  fp: z.string().optional(),
});

function decodeJsonToken(text: string): SimulatedTokenPayload {
  try {
    const json = JSON.parse(Buffer.from(text.trim(), 'base64').toString('utf8')) as unknown;
    const parsed = tokenPayloadSchema.safeParse(json);
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the same answer: the text is not one of our tokens
  }
  throw notAToken();
}

function notAToken(): ApiError {
  return badRequest('This is not a link token of a Palette Edge host: copy the token from the leader again');
}
