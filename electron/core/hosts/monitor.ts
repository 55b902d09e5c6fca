// Liveness and state polling for every known host, from one timer, with one request per host per beat.
//
// Every ~2 s each host gets exactly one request over its kept-alive connection: for a host Fieldlink is logged
// in to, a state read (link status on every other beat; identity, token state or a plain ping in between), else
// GET /v1/ping. Any answer proves the host alive, so liveness costs nothing on top of the state reads. A slow host
// is not a dead one: small edge hardware under load, or busy syncing a multi-GB bundle, may take seconds to answer,
// so a beat waits up to 10 s for its answer. A host counts as offline only after several missed answers in a row
// (a refused or cut connection, asked again at short intervals) or no answer at all for 10 s; one that crashes
// closes its connection, which is noticed at once. Beats are skipped while other traffic (a task) already shows
// the host alive. A full read (identity, settings, link, token, with login) happens on first contact, when a host
// comes back, and after new credentials. Nothing here ever retries a failed login: the client refuses to.
//
// The schedule of each host (when its next beat is due, what it reads next, whether a task holds it) is kept here
// and nowhere else; other parts ask through hold(), isHeld(), checkSoon(), connectionLost() and
// credentialsChanged(). What the monitor learns about a host (online, offline and why) goes through the registry.
import { ConsoleError } from '../../../shared/errors';
import { REQUEST_TIMEOUT_MS } from '../agent/client';
import type { CoreLogger } from '../log';
import { hostLabel, type HostEntry } from './entry';
import type { HostReader, PollRead, RefreshOptions } from './refresh';
import type { HostRegistry } from './registry';

export const BEAT_MS = 2_000;
/** How long a beat waits for its answer: no answer in this time is "offline" at once. */
export const LIVENESS_TIMEOUT_MS = 10_000;
/** Failed requests in a row (each failing fast: refused, cut off) before a host counts as offline. */
export const MISSES_FOR_OFFLINE = 3;
/** After a failed request the next one comes this soon, so a dead host is seen offline within about a second. */
const MISS_RETRY_MS = 400;
const TICK_MS = 250;
/** A request's timeout runs from when it was sent, a moment after the answer before it: that much less silence counts. */
const SILENCE_SLACK_MS = 500;
/** The reads of one cycle of beats, for a host whose state is read: link status every other beat. */
const CYCLE: (PollRead | 'ping')[] = ['current', 'link', 'token', 'link', 'ping', 'link'];

export interface MonitorTiming {
  /** Time between two requests to the same host. */
  beatMs: number;
}

/** One host's polling schedule: private to the monitor. */
interface Sched {
  /** When the next beat (one request) is due. */
  nextPingAt: number;
  /** A beat is under way. */
  pinging: boolean;
  /** Check liveness at the next tick even though the host answered recently (its connection was closed). */
  urgent: boolean;
  /** Beats so far, to walk the cycle of reads. */
  beats: number;
  /** A full read is wanted (the host is new or came back), and when the last one started. */
  fullDue: boolean;
  lastFullAt: number;
  refreshing: Promise<void> | null;
  /** When the last checkNow() that went well (answered, read in full) ended; 0 for none. */
  checkedAt: number;
  /** Bumped by whatever voids that check (a lost connection, new credentials, a miss), also while one runs. */
  checkVoids: number;
  /** Tasks working on the host read it themselves; the poller leaves it alone meanwhile. */
  holds: number;
}

export interface MonitorDeps {
  registry: HostRegistry;
  reader: HostReader;
  logger: CoreLogger;
  /** Bumped when credentials change: a host whose login failed may try once more. */
  credentialGeneration(): number;
}

export class HostMonitor {
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly beatMs: number;
  /** Per entry object, so a re-keyed host keeps its schedule and a dropped one leaves nothing behind. */
  private readonly scheds = new WeakMap<HostEntry, Sched>();

  constructor(
    private readonly deps: MonitorDeps,
    timing: Partial<MonitorTiming> = {},
  ) {
    this.beatMs = timing.beatMs ?? BEAT_MS;
  }

  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private sched(e: HostEntry): Sched {
    let s = this.scheds.get(e);
    if (!s) {
      s = { nextPingAt: 0, pinging: false, urgent: false, beats: 0, fullDue: true, lastFullAt: 0, refreshing: null, checkedAt: 0, checkVoids: 0, holds: 0 };
      this.scheds.set(e, s);
    }
    return s;
  }

  /** A task holds the host (see hold()): the poller reads nothing of it meanwhile. */
  isHeld(e: HostEntry): boolean {
    return (this.scheds.get(this.deps.registry.current(e))?.holds ?? 0) > 0;
  }

  /**
   * The registry merged `gone` into `survivor` (the host answered at another address with the id `gone` had): a task
   * that held `gone` now works on the survivor, so its hold moves over (and its release lands there, see hold()).
   */
  merged(survivor: HostEntry, gone: HostEntry): void {
    const old = this.scheds.get(gone);
    if (!old?.holds) return;
    this.sched(survivor).holds += old.holds;
    old.holds = 0;
  }

  /** Check the host at the next tick (a rescan asked for the hosts that do not answer). */
  checkSoon(e: HostEntry): void {
    this.sched(e).nextPingAt = 0;
  }

  /** The host closed its connection: check its liveness at the next tick, even though it answered recently. */
  connectionLost(e: HostEntry): void {
    const s = this.sched(e);
    voidCheck(s);
    s.nextPingAt = 0;
    s.urgent = true;
  }

  /**
   * Credentials changed: a host not logged in may try a full read at once, and the hosts they apply to (`affected`)
   * are read in full at their next beat.
   */
  credentialsChanged(e: HostEntry, affected: boolean): void {
    const s = this.sched(e);
    voidCheck(s);
    if (e.auth.kind !== 'ok') s.lastFullAt = 0;
    if (affected) s.fullDue = true;
  }

  private tick(): void {
    const now = Date.now();
    for (const e of this.deps.registry.all()) {
      const s = this.sched(e);
      if (s.pinging || s.refreshing) continue;
      if (this.wantsFullRead(e, now)) {
        // beat() handles every failure itself (offline, login refused) and never rejects.
        void this.beat(e);
        continue;
      }
      if (now < s.nextPingAt) continue;
      if (!s.urgent && e.online === true && e.lastAnswerAt !== null && now - e.lastAnswerAt < this.beatMs) {
        s.nextPingAt = e.lastAnswerAt + this.interval(e, now);
        continue;
      }
      // beat() handles every failure itself and never rejects.
      void this.beat(e);
    }
  }

  /** Beats land a little early rather than late. */
  private interval(e: HostEntry, now: number): number {
    const miss = misses.get(e);
    if (e.online !== false && miss && (e.lastAnswerAt ?? 0) <= miss.at) return MISS_RETRY_MS;
    const base = e.online === false && e.offlineSince !== null ? this.offlinePeriod(now - e.offlineSince) : this.beatMs;
    return base - Math.floor(Math.random() * base * 0.1);
  }

  /** Hosts that stay away are asked less often. */
  private offlinePeriod(offForMs: number): number {
    if (offForMs > 600_000) return 15_000;
    if (offForMs > 60_000) return 5_000;
    return this.beatMs;
  }

  private mayRead(e: HostEntry): boolean {
    return e.cert.verdict === 'trusted' && !e.idConflict;
  }

  /**
   * Whether a full read (which may log in) is due: the host is new or came back, nothing was read yet, or the
   * credentials changed since a login failed. At most once per beat period, so a host that answers badly is not
   * asked in a loop.
   */
  private wantsFullRead(e: HostEntry, now: number): boolean {
    const s = this.sched(e);
    if (e.online !== true || !this.mayRead(e) || s.holds > 0 || now - s.lastFullAt < this.beatMs) return false;
    const loginAllowed = e.auth.kind === 'ok' || e.auth.kind === 'none' || e.auth.generation !== this.deps.credentialGeneration();
    if (!loginAllowed) return false;
    return s.fullDue || e.auth.kind !== 'ok' || e.host === null || e.link === null;
  }

  private async beat(e: HostEntry): Promise<void> {
    const s = this.sched(e);
    s.pinging = true;
    s.urgent = false;
    try {
      const now = Date.now();
      if (this.wantsFullRead(e, now)) {
        try {
          await this.refresh(e, { full: true, timeoutMs: LIVENESS_TIMEOUT_MS });
          return;
        } catch (err) {
          if (err instanceof ConsoleError && (err.code === 'unreachable' || err.code === 'timeout')) {
            this.markOffline(e, err.code === 'timeout' ? 'ETIMEDOUT' : 'ERROR', err.message);
            return;
          }
          // Not logged in (no credentials, refused...): the view says why; liveness is still checked below.
          if (e.lastAnswerAt !== null && Date.now() - e.lastAnswerAt < this.beatMs) return;
        }
      }
      const read = e.online === true && this.mayRead(e) && e.auth.kind === 'ok' && s.holds === 0 ? CYCLE[s.beats++ % CYCLE.length]! : 'ping';
      if (read !== 'ping') {
        try {
          await this.deps.reader.poll(e, read, LIVENESS_TIMEOUT_MS);
          return;
        } catch (err) {
          // A read that cannot reach the host is this beat's liveness answer; other failures leave it to a ping.
          if (err instanceof ConsoleError && (err.code === 'unreachable' || err.code === 'timeout')) {
            this.markOffline(e, err.code === 'timeout' ? 'ETIMEDOUT' : 'ERROR', err.message);
            return;
          }
          this.deps.logger.info('state read failed', { host: hostLabel(e), error: err });
        }
      }
      await this.ping(e);
    } finally {
      s.pinging = false;
      s.nextPingAt = Date.now() + this.interval(e, Date.now());
    }
  }

  /** One liveness check now; resolves with whether the host answered. */
  async ping(e: HostEntry): Promise<boolean> {
    if (this.closed) return false;
    const client = this.deps.registry.clientFor(e);
    let result = await client.ping(LIVENESS_TIMEOUT_MS);
    if (!result.ok && result.staleSocket && !this.closed) result = await client.ping(LIVENESS_TIMEOUT_MS);
    if (this.closed) return false;
    if (result.ok) {
      this.markOnline(e);
      return true;
    }
    this.markOffline(e, result.code, null);
    return false;
  }

  private markOnline(e: HostEntry): void {
    misses.delete(e);
    this.deps.registry.sawAnswer(e);
    if (e.online === true) return;
    this.deps.registry.update(e, { online: true, offlineSince: null, offlineReason: null });
    // Back (or new): read everything once more.
    this.sched(e).fullDue = true;
  }

  /**
   * A request got no answer. Offline once the host stayed silent for the whole timeout, or missed several answers
   * in a row; a single refused or cut connection may be a restart of the agent's web server.
   */
  private markOffline(e: HostEntry, code: string, message: string | null): void {
    voidCheck(this.sched(e));
    if (e.online === false) return;
    // In a row: an answer since the last miss (any request, not only a beat) starts the count again.
    const last = misses.get(e);
    const missed = last && (e.lastAnswerAt ?? 0) <= last.at ? last.count + 1 : 1;
    misses.set(e, { count: missed, at: Date.now() });
    const silentTooLong = code === 'ETIMEDOUT';
    if (!silentTooLong && missed < MISSES_FOR_OFFLINE) return;
    misses.delete(e);
    const wasOnline = e.online === true;
    this.deps.registry.update(e, {
      online: false,
      offlineSince: Date.now(),
      offlineReason: offlineReason(code, e, message),
      ...(e.lastAnswerAt ? { lastSeenShown: e.lastAnswerAt } : {}),
    });
    if (wasOnline) this.deps.logger.info('host went offline', { host: hostLabel(e), code });
  }

  /** Reads the host's whole state (single flight per host). */
  refresh(e: HostEntry, opts: RefreshOptions = {}): Promise<void> {
    const s = this.sched(e);
    const running = s.refreshing;
    if (running) {
      // A person asked while a read runs: wait for it, then read again with their authority. A login that read
      // attempted meanwhile counts as theirs: it is not tried a second time (agents lock users out after 5 failures).
      if (!opts.userInitiated) return running;
      // A full read that went well is as fresh as the one asked for: on a slow host, reading twice doubles the wait.
      const authBefore = e.auth;
      const coversIt = fullReads.has(running) || !opts.full;
      return running.then(
        () => (coversIt ? undefined : this.refresh(e, opts)),
        () => {
          const justRefused = e.auth !== authBefore && (e.auth.kind === 'failed' || e.auth.kind === 'locked');
          return this.refresh(e, justRefused ? { ...opts, userInitiated: false } : opts);
        },
      );
    }
    if (opts.full) {
      s.fullDue = false;
      s.lastFullAt = Date.now();
    }
    const run = this.deps.reader
      .refresh(e, opts)
      .catch((err: unknown) => {
        if (err instanceof ConsoleError && (err.code === 'unreachable' || err.code === 'timeout')) s.nextPingAt = 0;
        // No beat runs while a read does (see tick): a read that timed out with nothing at all heard from the host
        // meanwhile is the silence a beat would have met (a pulled cable), not something to find out one beat later.
        const silentMs = Date.now() - (e.lastAnswerAt ?? 0);
        if (err instanceof ConsoleError && err.code === 'timeout' && silentMs >= (opts.timeoutMs ?? REQUEST_TIMEOUT_MS) - SILENCE_SLACK_MS) {
          if (!opts.signal?.aborted) this.markOffline(e, 'ETIMEDOUT', null);
        }
        throw err;
      })
      .finally(() => {
        s.refreshing = null;
      });
    s.refreshing = run;
    if (opts.full) fullReads.add(run);
    return run;
  }

  /**
   * A task reads these hosts itself for a while: no state reads for them until the returned release is called
   * (liveness goes on). Keeps a large link run from being slowed by polls of the very hosts it is linking.
   */
  hold(entries: HostEntry[]): () => void {
    // Counted on the entry that stands for each host when held and when released: a merge meanwhile moves the count.
    for (const e of entries) this.sched(this.deps.registry.current(e)).holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const e of entries) {
        const s = this.sched(this.deps.registry.current(e));
        s.holds = Math.max(0, s.holds - 1);
      }
    };
  }

  /**
   * A person asked: check liveness now, then read everything (a failed login may be tried again). With
   * `reuseWithinMs`, a check that went well that recently stands in for this one: a command that just read the
   * host (the CLI reads it before starting the upload, whose task checks it again) would otherwise ask the same
   * questions twice, each a round trip that a slow or distant link makes long.
   */
  async checkNow(e: HostEntry, signal?: AbortSignal, reuseWithinMs = 0): Promise<void> {
    const s = this.sched(this.deps.registry.current(e));
    signal?.throwIfAborted();
    // From its end: on a slow link the check itself takes seconds, and its last answers are the freshest.
    if (reuseWithinMs > 0 && s.checkedAt > 0 && Date.now() - s.checkedAt < reuseWithinMs) return;
    voidCheck(s);
    const voids = s.checkVoids;
    const alive = await this.ping(e);
    if (!alive || !this.mayRead(e)) return;
    await this.refresh(e, { full: true, userInitiated: true, signal });
    // Not when something voided it meanwhile, nor when the host was merged into another entry.
    if (s.checkVoids === voids && this.sched(this.deps.registry.current(e)) === s) s.checkedAt = Date.now();
  }
}

function voidCheck(s: Sched): void {
  s.checkedAt = 0;
  s.checkVoids++;
}

/** The refreshes under way that read everything (identity and settings too). */
const fullReads = new WeakSet<Promise<void>>();

/** Failed requests in a row per host, since its last answer. */
const misses = new WeakMap<HostEntry, { count: number; at: number }>();

function offlineReason(code: string, e: HostEntry, message: string | null): string {
  const where = `${e.address}:${e.port}`;
  if (message && code !== 'ETIMEDOUT') return message;
  if (code === 'ECONNREFUSED') return `Nothing answers at ${where}: the host may be off or restarting.`;
  if (code === 'ETIMEDOUT') return `No answer from ${where} within ${LIVENESS_TIMEOUT_MS / 1000} s: check that the host is on and on this network.`;
  if (code === 'ECONNECTTIMEOUT') return `${where} did not accept a connection, several times in a row: it may be off or off this network.`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${where} cannot be reached from this computer (no route).`;
  if (code.startsWith('ERR_SSL') || code === 'EPROTO') return `${where} does not speak HTTPS as a Local UI does.`;
  return `The host at ${where} does not answer.`;
}
