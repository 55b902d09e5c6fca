// A leader's link token during a run: read with the token-state extension (never starting anything), fetched
// again shortly before it expires, and replaced on demand when a follower reports its one-time password expired.
// Only when the caller allows it (the user asked to link followers to this host, or to make it leader) may it call
// generate-token, which starts leadership.
import { ConsoleError } from '../../../shared/errors';
import { paths } from '../../../shared/local-api/types';
import type { AgentClient } from '../agent/client';
import { answerError } from '../agent/errors';
import { linkTokenSchema, tokenFacts, type TokenFacts } from '../agent/schemas';
import type { SecretSet } from '../log';
import { sleep } from '../util/limit';

export interface TokenSourceOptions {
  client: AgentClient;
  signal: AbortSignal;
  secrets: SecretSet;
  /** May call generate-token when the leader is not generating yet. */
  mayStart: boolean;
  /** Told when this source started token generation (the host became a leader). */
  onStarted?: () => void;
  onToken?: (t: TokenFacts) => void;
}

export type TokenRead = { kind: 'token'; token: TokenFacts } | { kind: 'not-generating' } | { kind: 'unsupported' };

/** The token-state extension: never starts leadership. */
export async function readToken(client: AgentClient, signal: AbortSignal | undefined, secrets: SecretSet): Promise<TokenRead> {
  const answer = await client.request('GET', paths.linkToken, { signal, userInitiated: true });
  if (answer.status === 404) return { kind: 'not-generating' };
  if (answer.status === 405 || answer.status === 501) return { kind: 'unsupported' };
  if (answer.status !== 200) throw answerError(answer.status, answer.body, client.labelInfo(), 'show its link token');
  const token = tokenFacts(client.parse(answer, linkTokenSchema, 'show its link token'));
  if (!token) throw new ConsoleError('bad-answer', `${client.labelInfo().label} sent a token state without a usable token.`, client.labelInfo().hostId);
  secrets.add(token.token);
  return { kind: 'token', token };
}

/** generate-token: starts token generation if needed and returns the current token. */
export async function generateToken(client: AgentClient, signal: AbortSignal | undefined, secrets: SecretSet): Promise<TokenFacts> {
  const facts = await client.json('POST', paths.generateToken, linkTokenSchema, 'start generating link tokens', { signal, userInitiated: true });
  const token = tokenFacts(facts);
  if (!token) throw new ConsoleError('bad-answer', `${client.labelInfo().label} started token generation but sent no usable token.`, client.labelInfo().hostId);
  secrets.add(token.token);
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
    const { client, signal, secrets } = this.opts;
    const read = await readToken(client, signal, secrets);
    if (read.kind === 'token') return read.token;
    if (!this.opts.mayStart) {
      throw read.kind === 'unsupported'
        ? new ConsoleError('unsupported', `The agent on ${client.labelInfo().label} cannot show its token to Fieldlink; use its Local UI for this step.`, client.labelInfo().hostId)
        : new ConsoleError('conflict', `${client.labelInfo().label} is not generating link tokens: make it the leader first.`, client.labelInfo().hostId);
    }
    // Agents without the extension: generate-token is the only way to read the token (it starts nothing new on a
    // host that already generates).
    const token = await generateToken(client, signal, secrets);
    if (read.kind === 'not-generating') this.opts.onStarted?.();
    return token;
  }
}
