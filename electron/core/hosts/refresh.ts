// Reads a host's state (who it is, its settings, its link status and token state) and applies it to its entry
// through the registry (registry.update), which tells the view when something changed.
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
  tokenStateSchema,
  type TokenFacts,
} from '../agent/schemas';
import type { CoreLogger, SecretSet } from '../log';
import type { LeaderRecord } from '../store/leader-record';
import { hostLabel, type HostEntry } from './entry';
import { roleOf } from './view';
import type { HostRegistry } from './registry';

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
    /** The leaders this console made (agents without the token-state extension cannot say they lead). */
    private readonly leaders: LeaderRecord | null = null,
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
    // After the link status: without the extension, the role comes from it.
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
    this.registry.update(e, { host: facts });
    if (facts.id) this.registry.confirm(e, facts.id);
    else if (facts.rawId) this.logger.warn('host reports an id that is not an agent id; kept by address', { host: hostLabel(e) });
  }

  private async readSettings(e: HostEntry, client: AgentClient, call: RefreshOptions): Promise<void> {
    const answer = await client.request('GET', paths.settings, call);
    if (answer.status !== 200) throw answerError(answer.status, answer.body, client.labelInfo(), 'show its settings');
    settingsReadAt.set(e, Date.now());
    if (unchanged(e, paths.settings, answer) && e.settings) return;
    this.registry.update(e, { settings: settingsFacts(client.parse(answer, settingsSchema, 'show its settings')) });
  }

  private async readLink(e: HostEntry, client: AgentClient, call: RefreshOptions): Promise<void> {
    const answer = await client.request('GET', paths.linkStatus, call);
    if (answer.status === 404) {
      if (unchanged(e, paths.linkStatus, answer) && e.link) return;
      this.registry.update(e, { link: { status: null, errorMessage: null, peers: [] } });
      return;
    }
    if (answer.status !== 200) throw answerError(answer.status, answer.body, client.labelInfo(), 'show its link status');
    if (unchanged(e, paths.linkStatus, answer) && e.link) return;
    const link = linkFacts(client.parse(answer, linkStatusSchema, 'show its link status'), e.port);
    this.registry.update(e, { link });
    for (const peer of link.peers) {
      if (!peer.address || (peer.id && peer.id === e.confirmedId)) continue;
      this.registry.observe({ address: peer.address, port: peer.port, source: 'peer', claimedId: peer.id, name: peer.name });
    }
  }

  /**
   * Token state. With the extension, its own answer. Without it (learned once: 404, 405 or 501 on the extension's
   * path), the role comes from the link status and this console's record of the leaders it made; on a host known to
   * be a leader, generate-token starts nothing new and answers the current token and its countdown.
   */
  private async readToken(e: HostEntry, client: AgentClient, call: RefreshOptions): Promise<void> {
    if (e.caps.tokenExtension === false) return this.readTokenWithoutExtension(e, client, call);
    const answer = await client.request('GET', paths.linkToken, call);
    let read: ExtensionRead;
    try {
      read = tokenExtensionRead(e, client, answer, this.logger, (caps) => this.registry.update(e, { caps }));
    } catch (err) {
      // Not known yet whether the agent has the extension, and this answer does not say (a 500, a 400...): the
      // token state stays unknown for now and the host is read all the same; the next read asks again.
      if (e.caps.tokenExtension !== null || !(err instanceof ConsoleError) || (err.code !== 'refused' && err.code !== 'bad-answer')) throw err;
      this.logger.warn('token-state read answered neither like the extension nor like a missing route', { host: hostLabel(e), status: answer.status });
      return;
    }
    if (read.kind === 'absent') return this.readTokenWithoutExtension(e, client, call);
    if (read.kind === 'not-generating') return this.setToken(e, { generating: false, remainingSec: 0, intervalSec: 0, readAt: Date.now(), support: 'ok' });
    this.secrets.add(read.token.token);
    this.setToken(e, tokenStateFrom(e.token, read.token));
  }

  private async readTokenWithoutExtension(e: HostEntry, client: AgentClient, call: RefreshOptions): Promise<void> {
    if (!knownLeader(e, this.leaders)) {
      // Linked to a leader since the stop was handed to its Local UI: an agent links only once it no longer
      // generates tokens, so the stop is seen after all and the card's note goes.
      if (e.token?.stopUnconfirmed && roleOf(e).role === 'follower') {
        this.registry.update(e, { token: { ...e.token, stopUnconfirmed: false } });
        return;
      }
      if (e.token && !e.token.generating && e.token.support === 'unsupported') return;
      return this.setToken(e, { generating: false, remainingSec: 0, intervalSec: 0, readAt: Date.now(), support: 'unsupported' });
    }
    const answer = await client.request('POST', paths.generateToken, { ...call, lean: undefined });
    if (answer.status !== 200 && answer.status !== 201) throw answerError(answer.status, answer.body, client.labelInfo(), 'show its link token');
    const facts = tokenFacts(client.parse(answer, linkTokenSchema, 'show its link token'));
    if (!facts) throw new ConsoleError('bad-answer', `${hostLabel(e)} sent no usable link token.`, e.key);
    this.secrets.add(facts.token);
    this.setToken(e, tokenStateFrom(e.token, facts));
  }

  private setToken(e: HostEntry, next: TokenState): void {
    if (next === e.token) return;
    const prev = e.token;
    if (prev && !prev.generating && !next.generating && prev.support === next.support) return;
    this.registry.update(e, { token: next });
  }
}

type ExtensionRead = { kind: 'absent' } | { kind: 'not-generating' } | { kind: 'token'; token: TokenFacts };

/**
 * What the token-state extension's path answered, and what it teaches about the agent (learned once per session,
 * from the answer itself, never from a failure of something else): 404, 405 or 501 is an agent without the
 * extension (the extension answers 200 `{ generating: false }` when the host is not generating). A 200 whose body is
 * not the extension's (a web page served for any path, say) is no extension either, until the agent has once
 * answered like the extension. Any other status is a failure of this read, and teaches nothing. What it teaches goes
 * to `learn` (registry.update of the entry's caps).
 */
export function tokenExtensionRead(
  e: HostEntry,
  client: AgentClient,
  answer: Answer,
  logger: CoreLogger | null,
  learn: (caps: HostEntry['caps']) => void,
): ExtensionRead {
  const absent = (why: string): ExtensionRead => {
    learn({ tokenExtension: false });
    logger?.info('agent has no token-state extension; roles come from its link status', { host: hostLabel(e), why });
    return { kind: 'absent' };
  };
  if (answer.status === 404 || answer.status === 405 || answer.status === 501) return absent(`HTTP ${answer.status}`);
  if (answer.status !== 200) throw answerError(answer.status, answer.body, client.labelInfo(), 'show its token state');
  let state: ReturnType<typeof tokenStateSchema.parse> | null = null;
  try {
    const parsed = tokenStateSchema.safeParse(JSON.parse(answer.body));
    // The extension's shape: `generating` said, or (older simulators) a token with its countdown.
    if (parsed.success && (typeof parsed.data.generating === 'boolean' || tokenFacts(parsed.data))) state = parsed.data;
  } catch {
    /* not JSON: decided below */
  }
  if (!state) {
    if (e.caps.tokenExtension !== true) return absent('HTTP 200 with an answer that is not a token state');
    throw new ConsoleError('bad-answer', `${hostLabel(e)} gave an answer of an unexpected shape when asked for its token state.`, e.key);
  }
  learn({ tokenExtension: true });
  if (state.generating === false) return { kind: 'not-generating' };
  const token = tokenFacts(state);
  if (!token) throw new ConsoleError('bad-answer', `${hostLabel(e)} sent a token state without a usable token.`, e.key);
  return { kind: 'token', token };
}

/**
 * Whether the host is known to lead: its link status lists followers, the extension says it generates tokens, or
 * (agents without the extension) this console made it leader and it has not turned follower since.
 */
export function knownLeader(e: HostEntry, leaders: LeaderRecord | null): boolean {
  const self = e.confirmedId;
  const peers = e.link?.peers ?? [];
  if (peers.some((p) => p.role === 'leader' && p.id !== self)) return false;
  if (peers.some((p) => p.role === 'follower' && p.id !== self)) return true;
  if (e.caps.tokenExtension === true) return e.token?.generating === true;
  return !!self && !!leaders?.has(self);
}
