// A leader's link token during a run: read with the token-state extension where the agent has it (never starting
// anything), else with generate-token on a host known to lead (it starts nothing new there and answers the current
// token); fetched again shortly before it expires, and replaced on demand when a follower reports its one-time
// password expired. Only when the caller allows it (the user asked to link followers to this host, or to make it
// leader) may generate-token be called on a host not known to lead, which starts leadership.
import { ConsoleError } from '../../../shared/errors';
import { paths } from '../../../shared/local-api/types';
import type { AgentClient } from '../agent/client';
import { linkTokenSchema, tokenFacts, type TokenFacts } from '../agent/schemas';
import { displayName, type HostEntry } from '../hosts/entry';
import { knownLeader, tokenExtensionRead } from '../hosts/refresh';
import type { LeaderRecord } from '../store/leader-record';
import { sleep } from '../util/limit';

export interface TokenSourceOptions {
  client: AgentClient;
  entry: HostEntry;
  leaders: LeaderRecord;
  signal: AbortSignal;
  /** Registers a token read from the leader so it never appears in a log line. */
  redact: (secret: string) => void;
  /** Told what the leader's answers teach about its agent (registry.update of its caps). */
  learn: (caps: HostEntry['caps']) => void;
  /** May call generate-token when the leader is not generating yet. */
  mayStart: boolean;
  /** Told when this source started token generation (the host became a leader). */
  onStarted?: () => void;
  onToken?: (t: TokenFacts) => void;
}

/** 'unknown': the agent has no call that tells without starting leadership, and the host is not known to lead. */
export type TokenRead = { kind: 'token'; token: TokenFacts } | { kind: 'not-generating' } | { kind: 'unknown' };

/** The current token of `e`, never starting leadership. */
export async function readToken(
  e: HostEntry,
  client: AgentClient,
  leaders: LeaderRecord,
  signal: AbortSignal | undefined,
  redact: (secret: string) => void,
  learn: (caps: HostEntry['caps']) => void,
): Promise<TokenRead> {
  if (e.caps.tokenExtension !== false) {
    const read = tokenExtensionRead(e, client, await client.request('GET', paths.linkToken, { signal, userInitiated: true }), null, learn);
    if (read.kind === 'not-generating') return read;
    if (read.kind === 'token') {
      redact(read.token.token);
      return read;
    }
  }
  if (!knownLeader(e, leaders)) return { kind: 'unknown' };
  // A known leader: generate-token starts nothing new there and answers its current token.
  return { kind: 'token', token: await generateToken(client, signal, redact, 'show its link token') };
}

/** generate-token: starts token generation if needed and returns the current token. */
export async function generateToken(
  client: AgentClient,
  signal: AbortSignal | undefined,
  redact: (secret: string) => void,
  what = 'start generating link tokens',
): Promise<TokenFacts> {
  const facts = await client.json('POST', paths.generateToken, linkTokenSchema, what, { signal, userInitiated: true });
  const token = tokenFacts(facts);
  if (!token) throw new ConsoleError('bad-answer', `${client.labelInfo().label} started token generation but sent no usable token.`, client.labelInfo().hostId);
  redact(token.token);
  return token;
}

export class TokenSource {
  private current: { token: string; expiresAt: number; intervalSec: number } | null = null;
  private fetching: Promise<string> | null = null;

  constructor(private readonly opts: TokenSourceOptions) {}

  /** Seconds of validity a token must still have when handed out: enough for a follower to use it. */
  private margin(intervalSec: number): number {
    return Math.max(1_000, Math.min(10_000, intervalSec * 250));
  }

  /** A token with enough validity left. */
  async get(): Promise<string> {
    const c = this.current;
    if (c && c.expiresAt - Date.now() > this.margin(c.intervalSec)) return c.token;
    return this.refetch(c?.token ?? null);
  }

  /** The follower said the OTP expired: get a different token than `stale` (single flight). */
  async replace(stale: string): Promise<string> {
    if (this.current && this.current.token !== stale) return this.current.token;
    return this.refetch(stale);
  }

  private refetch(stale: string | null): Promise<string> {
    this.fetching ??= this.fetchFresh(stale).finally(() => {
      this.fetching = null;
    });
    return this.fetching;
  }

  private async fetchFresh(stale: string | null): Promise<string> {
    for (let attempt = 0; attempt < 6; attempt++) {
      const t = await this.fetchOnce();
      const expiresAt = Date.now() + t.remainingSec * 1000;
      const fresh = t.token !== stale && expiresAt - Date.now() > this.margin(t.intervalSec);
      if (fresh || attempt === 5) {
        this.current = { token: t.token, expiresAt, intervalSec: t.intervalSec };
        this.opts.onToken?.(t);
        return t.token;
      }
      // The leader makes a new one-time password when this one runs out: wait for it.
      await sleep(Math.max(200, Math.min(t.remainingSec * 1000 + 100, 15_000)), this.opts.signal);
    }
    throw new ConsoleError('internal', 'No fresh link token could be obtained.');
  }

  private async fetchOnce(): Promise<TokenFacts> {
    const { client, entry, leaders, signal, redact, learn } = this.opts;
    const read = await readToken(entry, client, leaders, signal, redact, learn);
    if (read.kind === 'token') return read.token;
    if (!this.opts.mayStart) {
      throw new ConsoleError('conflict', `${displayName(entry)} is not known to generate link tokens: make it the leader first.`, entry.key);
    }
    const token = await generateToken(client, signal, redact);
    this.opts.onStarted?.();
    return token;
  }
}
