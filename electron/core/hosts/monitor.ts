// Liveness and state polling for every known host, from one timer.
//
// Liveness: GET /v1/ping about every 2 s (skipped when any other answer came in meanwhile). A failed ping marks the
// host offline at once (after one retry on a fresh socket when a kept-alive one had gone stale), so a host that
// dies without an mDNS goodbye shows offline within 2 s + the 2 s ping timeout. Hosts that stay offline are asked
// less often. State: link status and token state every few seconds, identity and settings less often, only for
// online hosts whose certificate is trusted. Nothing here ever retries a failed login (the client refuses to).
import { ConsoleError } from '../../../shared/errors';
import type { CoreLogger } from '../log';
import { hostLabel, type HostEntry } from './entry';
import type { HostReader, RefreshOptions } from './refresh';
import type { HostRegistry } from './registry';

export const PING_INTERVAL_MS = 2_000;
export const PING_TIMEOUT_MS = 2_000;
const TICK_MS = 250;
const STATE_INTERVAL_MS = 5_000;
const FULL_INTERVAL_MS = 15_000;

export interface MonitorTiming {
  pingIntervalMs: number;
  stateIntervalMs: number;
  fullIntervalMs: number;
}

const jitter = (ms: number) => ms + Math.floor(Math.random() * ms * 0.1);

export class HostMonitor {
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly timing: MonitorTiming;

  constructor(
    private readonly registry: HostRegistry,
    private readonly reader: HostReader,
    private readonly logger: CoreLogger,
    timing: Partial<MonitorTiming> = {},
  ) {
    this.timing = { pingIntervalMs: PING_INTERVAL_MS, stateIntervalMs: STATE_INTERVAL_MS, fullIntervalMs: FULL_INTERVAL_MS, ...timing };
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

  private tick(): void {
    const now = Date.now();
    for (const e of this.registry.all()) {
      if (!e.sched.pinging && now >= e.sched.nextPingAt) {
        const answeredRecently = e.online === true && e.lastAnswerAt !== null && now - e.lastAnswerAt < this.timing.pingIntervalMs;
        if (answeredRecently) e.sched.nextPingAt = e.lastAnswerAt! + this.timing.pingIntervalMs;
        else void this.ping(e);
      }
      if (e.online === true && this.mayRead(e) && !e.sched.refreshing && now >= e.sched.nextStateAt) {
        void this.refresh(e, { full: now >= e.sched.nextFullAt }).catch(() => undefined);
      }
    }
  }

  /** Whether state may be read: never from a host whose certificate is not the trusted one. */
  private mayRead(e: HostEntry): boolean {
    return e.cert.verdict === 'trusted' && !e.idConflict;
  }

  /** One liveness check now; resolves with whether the host answered. */
  async ping(e: HostEntry): Promise<boolean> {
    if (this.closed) return false;
    e.sched.pinging = true;
    try {
      const client = this.registry.clientFor(e);
      let result = await client.ping(PING_TIMEOUT_MS);
      if (!result.ok && result.staleSocket && !this.closed) result = await client.ping(PING_TIMEOUT_MS);
      if (this.closed) return false;
      const now = Date.now();
      e.sched.nextPingAt = now + jitter(this.interval(e, now));
      if (result.ok) {
        this.registry.sawAnswer(e, now);
        if (e.online !== true) {
          e.online = true;
          e.offlineSince = null;
          e.offlineReason = null;
          e.sched.nextStateAt = 0;
          e.sched.nextFullAt = 0;
          this.registry.changed(e);
        }
        return true;
      }
      if (e.online !== false) {
        const wasOnline = e.online === true;
        e.online = false;
        e.offlineSince = now;
        e.offlineReason = offlineReason(result.code, e);
        if (e.lastAnswerAt) e.lastSeenShown = e.lastAnswerAt;
        if (wasOnline) this.logger.info('host went offline', { host: hostLabel(e), code: result.code });
        this.registry.changed(e);
      }
      return false;
    } finally {
      e.sched.pinging = false;
    }
  }

  /** Reads the host's state (single flight per host); schedules the next read. */
  refresh(e: HostEntry, opts: RefreshOptions = {}): Promise<void> {
    if (e.sched.refreshing) {
      // A person asked while a poll runs: wait for it, then read again with their authority.
      if (!opts.userInitiated) return e.sched.refreshing;
      return e.sched.refreshing.catch(() => undefined).then(() => this.refresh(e, opts));
    }
    const run = this.reader
      .refresh(e, opts)
      .catch((err: unknown) => {
        if (err instanceof ConsoleError && (err.code === 'unreachable' || err.code === 'timeout')) e.sched.nextPingAt = 0;
        throw err;
      })
      .finally(() => {
        const now = Date.now();
        e.sched.refreshing = null;
        e.sched.nextStateAt = now + jitter(this.timing.stateIntervalMs);
        if (opts.full || !e.host) e.sched.nextFullAt = now + jitter(this.timing.fullIntervalMs);
      });
    e.sched.refreshing = run;
    return run;
  }

  /** A person asked: check liveness now, then read everything (a failed login may be tried again). */
  async checkNow(e: HostEntry, signal?: AbortSignal): Promise<void> {
    const alive = await this.ping(e);
    if (!alive) return;
    if (!this.mayRead(e)) return;
    await this.refresh(e, { full: true, userInitiated: true, signal });
  }

  private interval(e: HostEntry, now: number): number {
    if (e.online !== false || e.offlineSince === null) return this.timing.pingIntervalMs;
    const offFor = now - e.offlineSince;
    if (offFor > 600_000) return 15_000;
    if (offFor > 60_000) return 5_000;
    return this.timing.pingIntervalMs;
  }
}

function offlineReason(code: string, e: HostEntry): string {
  const where = `${e.address}:${e.port}`;
  if (code === 'ECONNREFUSED') return `Nothing answers at ${where}: the host may be off or restarting.`;
  if (code === 'ETIMEDOUT' || code === 'ECONNECTTIMEOUT') return `No answer from ${where} within ${PING_TIMEOUT_MS / 1000} s.`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${where} cannot be reached from this computer (no route).`;
  if (code.startsWith('ERR_SSL') || code === 'EPROTO') return `${where} does not speak HTTPS as a Local UI does.`;
  return `The host at ${where} does not answer.`;
}
