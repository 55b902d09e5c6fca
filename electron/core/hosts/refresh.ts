// Reads a host's state (who it is, its settings, its link status and token state) and applies it to its entry.
// Answers identical to the previous ones are recognised by their text and not parsed again.
import type { TokenState } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { paths } from '../../../shared/local-api/types';
import type { Answer, AgentClient } from '../agent/client';
import { answerError } from '../agent/errors';
import {
  hostFacts,
  hostInfoSchema,
  linkFacts,
  linkStatusSchema,
  linkTokenSchema,
  settingsFacts,
  settingsSchema,
  tokenFacts,
  type TokenFacts,
} from '../agent/schemas';
import type { CoreLogger, SecretSet } from '../log';
import { hostLabel, type HostEntry } from './entry';
import type { HostRegistry } from './registry';
import { roleOf } from './view';

export type PollRead = 'current' | 'link' | 'token';

export interface RefreshOptions {
  userInitiated?: boolean;
  /** Also re-read who the host is (its state: Ready, In-Use) and, when older than a minute, its settings. */
  full?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  lean?: boolean;
}

/** Settings (multi-node, management mode) change only with a host's reinstallation: read at most once a minute. */
const SETTINGS_MAX_AGE_MS = 60_000;
const settingsReadAt = new WeakMap<HostEntry, number>();

const lastBodies = new WeakMap<HostEntry, Map<string, string>>();

/** True when `answer` is what this path answered last time (then there is nothing new to parse). */
function unchanged(e: HostEntry, path: string, answer: Answer): boolean {
  let bodies = lastBodies.get(e);
  if (!bodies) lastBodies.set(e, (bodies = new Map()));
  const key = `${path} ${answer.status}`;
  if (bodies.get(path) === `${key}\n${answer.body}`) return true;
  bodies.set(path, `${key}\n${answer.body}`);
  return false;
}

/** A TokenState that stays the same object while the token's end time holds, so the view does not churn. */
export function tokenStateFrom(prev: TokenState | null, t: TokenFacts, now = Date.now()): TokenState {
  if (prev?.generating && prev.support === 'ok' && prev.intervalSec === t.intervalSec) {
    const prevEnd = prev.readAt + prev.remainingSec * 1000;
    if (Math.abs(prevEnd - (now + t.remainingSec * 1000)) < 1_500) return prev;
  }
  return { generating: true, remainingSec: t.remainingSec, intervalSec: t.intervalSec, readAt: now, support: 'ok' };
}

export class HostReader {
  constructor(
    private readonly registry: HostRegistry,
    private readonly logger: CoreLogger,
    private readonly secrets: SecretSet,
  ) {}

  async refresh(e: HostEntry, opts: RefreshOptions = {}): Promise<void> {
    const client = this.registry.clientFor(e);
    const call = { userInitiated: opts.userInitiated, signal: opts.signal, timeoutMs: opts.timeoutMs };
    await client.ensureSession(call);
    // One after another: a host then needs a single kept-alive connection, which the liveness pings keep warm.
    if (opts.full || !e.host) await this.readCurrent(e, client, call);
    if (!e.settings || (opts.full && Date.now() - (settingsReadAt.get(e) ?? 0) > SETTINGS_MAX_AGE_MS)) {
      await this.readSettings(e, client, call);
    }
    await this.readLink(e, client, call);
    // After the link status, which tells whether a 404 means "not a leader" or "agent without the extension".
    await this.readToken(e, client, call);
    this.registry.sawAnswer(e);
  }

  /** One state read for the poller: a single request over the kept-alive connection. */
  async poll(e: HostEntry, what: PollRead, timeoutMs: number): Promise<void> {
    const client = this.registry.clientFor(e);
    const call = { timeoutMs, lean: true };
    if (what === 'current') await this.readCurrent(e, client, call);
    else if (what === 'link') await this.readLink(e, client, call);
    else await this.readToken(e, client, call);
  }

  private async readCurrent(e: HostEntry, client: AgentClient, call: RefreshOptions): Promise<void> {
    const answer = await client.request('GET', paths.currentHost, call);
    if (answer.status !== 200) throw answerError(answer.status, answer.body, client.labelInfo(), 'describe itself');
    if (unchanged(e, paths.currentHost, answer) && e.host) return;
    const facts = hostFacts(client.parse(answer, hostInfoSchema, 'describe itself'));
    e.host = facts;
    if (facts.id) this.registry.confirm(e, facts.id);
    else if (facts.rawId) this.logger.warn('host reports an id that is not an agent id; kept by address', { host: hostLabel(e) });
    this.registry.changed(e);
  }

  private async readSettings(e: HostEntry, client: AgentClient, call: RefreshOptions): Promise<void> {
    const answer = await client.request('GET', paths.settings, call);
    if (answer.status !== 200) throw answerError(answer.status, answer.body, client.labelInfo(), 'show its settings');
    settingsReadAt.set(e, Date.now());
    if (unchanged(e, paths.settings, answer) && e.settings) return;
    e.settings = settingsFacts(client.parse(answer, settingsSchema, 'show its settings'));
    this.registry.changed(e);
  }

  private async readLink(e: HostEntry, client: AgentClient, call: RefreshOptions): Promise<void> {
    const answer = await client.request('GET', paths.linkStatus, call);
    if (answer.status === 404) {
      if (unchanged(e, paths.linkStatus, answer) && e.link) return;
      e.link = { status: null, errorMessage: null, peers: [] };
      this.registry.changed(e);
      return;
    }
    if (answer.status !== 200) throw answerError(answer.status, answer.body, client.labelInfo(), 'show its link status');
    if (unchanged(e, paths.linkStatus, answer) && e.link) return;
    e.link = linkFacts(client.parse(answer, linkStatusSchema, 'show its link status'), e.port);
    this.registry.changed(e);
    for (const peer of e.link.peers) {
      if (!peer.address || (peer.id && peer.id === e.confirmedId)) continue;
      this.registry.observe({ address: peer.address, port: peer.port, source: 'peer', claimedId: peer.id, name: peer.name });
    }
  }

  private async readToken(e: HostEntry, client: AgentClient, call: RefreshOptions): Promise<void> {
    const answer = await client.request('GET', paths.linkToken, call);
    const now = Date.now();
    if (answer.status === 200) {
      const facts = tokenFacts(client.parse(answer, linkTokenSchema, 'show its token state'));
      if (!facts) throw new ConsoleError('bad-answer', `${hostLabel(e)} sent a token state without a usable token.`, e.key);
      this.secrets.add(facts.token);
      const next = tokenStateFrom(e.token, facts, now);
      if (next !== e.token) {
        e.token = next;
        this.registry.changed(e);
      }
      return;
    }
    if (answer.status === 404 || answer.status === 405 || answer.status === 501) {
      // 404 is "not generating" on an agent with the extension; an agent without it answers 404 or 405 for any
      // method. A host that leads followers but has "no token" can only be the latter.
      const leadsOthers = roleOf({ ...e, token: null }).role === 'leader';
      const unsupported = answer.status !== 404 || leadsOthers;
      const support = unsupported ? 'unsupported' : 'ok';
      if (e.token && !e.token.generating && e.token.support === support) return;
      e.token = { generating: unsupported && leadsOthers, remainingSec: 0, intervalSec: 0, readAt: now, support };
      this.registry.changed(e);
      return;
    }
    throw answerError(answer.status, answer.body, client.labelInfo(), 'show its token state');
  }
}
