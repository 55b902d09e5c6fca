import type { SimulatedTokenPayload, V1AcceptedResponseWithMessage, V1LinkToken } from '../../shared/local-api/types.js';
import { ApiError, conflict, notFound } from './errors.js';
import { OtpClock, type OtpCheck } from './otp.js';
import type { HostProfile } from './persistence.js';
import type { SimHost } from './sim-host.js';

/**
 * Leadership as the page has it: "Generate token" starts a host generating link tokens, "Stop token generation"
 * ends it. A token is base64 of a SimulatedTokenPayload (shared/local-api/types.ts): address, port, the current
 * one-time password, the leader's id and its certificate fingerprint.
 */
export class LinkTokens {
  constructor(private readonly host: SimHost) {}

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
  current(): V1LinkToken {
    if (!this.isGenerating()) throw notFound('This host is not generating link tokens');
    return this.state();
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
    return {
      token: Buffer.from(JSON.stringify(payload), 'utf8').toString('base64'),
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
    throw new ApiError(409, 'CentralManagement', `${who === 'the leader' ? 'The leader' : 'This host'} is centrally managed: linking hosts needs local management`);
  }
}
