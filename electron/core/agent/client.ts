// The agent client: one per host. It owns the host's HTTPS agents (pinned certificate), its session (login,
// renewal before expiry, one re-login on a 401), and turns every failure into a ConsoleError. Writes (login, link,
// unlink, uploads) go through got; reads, which the poller makes every few seconds for every host, take a lean
// keep-alive path on plain https (ping.ts) and are retried once when a kept-alive socket had gone stale.
import got, { type Got, type OptionsOfTextResponseBody } from 'got';
import type { z } from 'zod';
import { ConsoleError } from '../../../shared/errors';
import { paths } from '../../../shared/local-api/types';
import type { CertVerdict } from '../store/pin-store';
import { endpointUrl } from '../util/address';
import { answerError, connectionError, type HostLabel } from './errors';
import { SessionKeeper } from './session-keeper';
import { PinnedAgent } from './tls-agent';
import type { Answer, AuthState, CallOptions, ClientDeps, ClientHost, StreamPostOptions } from './types';
import { pingHost, rawGet, type PingResult, type RawResult } from './ping';
import { PollConnection } from './poll-connection';

export type { Answer, AuthState, CallOptions, ClientDeps, ClientHost, StreamPostOptions } from './types';

export const REQUEST_TIMEOUT_MS = 10_000;
/** How long a retired client (its entry merged into another) still serves the work that had it in hand. */
const RETIRE_GRACE_MS = 120_000;
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class AgentClient {
  readonly url: string;
  private readonly agent: PinnedAgent;
  private readonly pingAgent: PinnedAgent;
  private poller: PollConnection | null = null;
  /** The host answered the poll connection with something it does not handle: use the general client. */
  private pollBroken = false;
  /** got with the pinned agent and the console's defaults, without a session: the building block for calls. */
  readonly http: Got;
  private readonly sessions: SessionKeeper;
  private closed = false;
  /** Calls under way (request, postStream, ping), and whether the client closes once there are none (retire). */
  private inFlight = 0;
  private retiring = false;
  private retireTimer: NodeJS.Timeout | null = null;
  /** The verdict on the certificate of the last new connection. */
  private verdict: CertVerdict | null = null;

  constructor(
    private readonly host: ClientHost,
    private readonly deps: ClientDeps,
  ) {
    this.url = endpointUrl(host.endpoint());
    const check = (fp: string, enforcing: boolean) => (this.verdict = host.checkCertificate(fp, enforcing));
    this.agent = new PinnedAgent({ check: (fp) => check(fp, true), enforce: true, maxSockets: 6 });
    this.pingAgent = new PinnedAgent({ check: (fp) => check(fp, false), enforce: false, maxSockets: 1 });
    this.http = got.extend({
      agent: { https: this.agent },
      https: { rejectUnauthorized: false },
      timeout: { request: REQUEST_TIMEOUT_MS },
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'text',
      headers: { 'user-agent': `Fieldlink/${deps.version}`, accept: 'application/json' },
      // Writes are never retried (they are not idempotent); reads take the lean path in read(), retried once.
      retry: { limit: 0 },
    });
    this.sessions = new SessionKeeper(host, deps, this);
  }

  get authState(): AuthState {
    return this.sessions.state;
  }

  labelInfo(): HostLabel {
    return { label: this.host.label(), hostId: this.host.hostId(), port: this.host.endpoint().port };
  }

  /**
   * GET /v1/ping. Over the pinned agent once the certificate is trusted, so liveness keeps the very connection
   * the state reads use alive (a new TLS handshake costs far more than a request). Otherwise, or when the pinned
   * agent refuses a changed certificate, over an agent that only looks: pings carry nothing secret, and they are
   * how an untrusted certificate is first seen.
   */
  ping(timeoutMs: number): Promise<PingResult> {
    return this.tracked(() => this.pingOnce(timeoutMs));
  }

  private async pingOnce(timeoutMs: number): Promise<PingResult> {
    if (this.verdict === 'trusted') {
      const result = await this.lean(paths.ping, {}, timeoutMs);
      if (result.ok || result.code !== 'EFIELDLINKCERT') return result;
    }
    return pingHost(this.url, this.pingAgent, timeoutMs);
  }

  /** A small GET over the poll connection, falling back to the pinned agent when that connection cannot serve. */
  private async lean(path: string, headers: Record<string, string>, timeoutMs: number, signal?: AbortSignal): Promise<RawResult> {
    const started = Date.now();
    if (!this.pollBroken && !this.closed) {
      const { address, port } = this.host.endpoint();
      this.poller ??= new PollConnection(
        address,
        port,
        (fp) => (this.verdict = this.host.checkCertificate(fp, true)),
        true,
        MAX_BODY_BYTES,
        () => this.host.onConnectionLost(),
      );
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const a = await this.poller.get(path, headers, timeoutMs);
          return { ok: true, status: a.status, body: a.body, headers: a.headers, ms: Date.now() - started };
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          if (e.code === 'EPROTO') this.pollBroken = true;
          if (e.code === 'EPROTO' || e.code === 'EBUSY') break;
          // A kept-alive socket the host closed meanwhile: once more on a fresh one.
          if (attempt === 0 && e.code === 'ECONNRESET' && this.poller.wasReused) continue;
          return { ok: false, code: e.code ?? 'ERROR', message: e.message, staleSocket: false, error: e };
        }
      }
    }
    return rawGet(this.url + path, this.agent, { timeoutMs, headers, maxBytes: MAX_BODY_BYTES, signal });
  }

  /** A call with the session attached; one re-login and retry when the host answers 401. */
  request(method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
    return this.tracked(() => this.requestOnce(method, path, opts));
  }

  private async requestOnce(method: string, path: string, opts: CallOptions): Promise<Answer> {
    if (opts.auth === false) return this.send(method, path, null, opts);
    const token = await this.ensureSession(opts);
    const answer = await this.send(method, path, token, opts);
    if (answer.status !== 401) return answer;
    this.sessions.drop(token);
    const fresh = await this.ensureSession({ ...opts, userInitiated: true });
    return this.send(method, path, fresh, opts);
  }

  /** A call that must succeed with a JSON answer of `schema`; `what` completes "could not …" in messages. */
  async json<S extends z.ZodType>(method: string, path: string, schema: S, what: string, opts: CallOptions = {}): Promise<z.output<S>> {
    const answer = await this.request(method, path, opts);
    if (answer.status < 200 || answer.status > 299) throw answerError(answer.status, answer.body, this.labelInfo(), what);
    return this.parse(answer, schema, what);
  }

  parse<S extends z.ZodType>(answer: Answer, schema: S, what: string): z.output<S> {
    let data: unknown;
    try {
      data = answer.body.trim() === '' ? {} : JSON.parse(answer.body);
    } catch {
      throw new ConsoleError('bad-answer', `${this.host.label()} gave an answer Fieldlink cannot read (not JSON) when asked to ${what}.`, this.host.hostId());
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new ConsoleError('bad-answer', `${this.host.label()} gave an answer of an unexpected shape when asked to ${what}.`, this.host.hostId());
    }
    return parsed.data;
  }

  /** Streams a request body (uploads), with the session, pinned TLS and progress; re-reads the body after a 401. */
  postStream(path: string, opts: StreamPostOptions): Promise<Answer> {
    return this.tracked(() => this.postStreamOnce(path, opts));
  }

  private async postStreamOnce(path: string, opts: StreamPostOptions): Promise<Answer> {
    const attempt = async (token: string): Promise<Answer> => {
      let connected = (): void => undefined;
      const hasConnection = new Promise<void>((resolve) => (connected = resolve));
      const call = this.http.post(this.url + path, {
        body: opts.body(hasConnection),
        headers: { ...opts.headers, authorization: token },
        signal: opts.signal,
        timeout: { request: undefined, socket: opts.idleTimeoutMs ?? 60_000 },
        retry: { limit: 0 },
      } as OptionsOfTextResponseBody);
      if (opts.onUploadProgress) {
        const report = opts.onUploadProgress;
        // got's `on` answers the call itself, which is awaited below: nothing is left floating.
        void call.on('uploadProgress', (p) => report(p.transferred, p.total ?? undefined));
      }
      // The answer to an upload is a few hundred bytes: a host streaming more is not read into memory (issue 12).
      // (`on` answers the call, awaited below.)
      void call.on('downloadProgress', (p) => {
        if (p.transferred > MAX_BODY_BYTES) call.cancel('ERR_BODY_TOO_LARGE');
      });
      // The agent hands a socket over once its certificate is checked; a kept-alive one comes at the next tick.
      void call.on('request', (req) => void req.once('socket', () => connected()));
      try {
        const res = await call;
        return { status: res.statusCode, body: String(res.body).slice(0, MAX_BODY_BYTES), headers: res.headers };
      } catch (err) {
        throw this.writeFailed(err, opts.signal, 60);
      } finally {
        // A call that failed before it had a connection: the body's reader may end (and close its file) now.
        connected();
      }
    };
    const token = await this.ensureSession(opts);
    const answer = await attempt(token);
    if (answer.status !== 401) return answer;
    this.sessions.drop(token);
    return attempt(await this.ensureSession({ ...opts, userInitiated: true }));
  }

  /** Headers carrying a valid session, for modules that build their own got calls on `http`. */
  async authHeaders(opts: CallOptions = {}): Promise<Record<string, string>> {
    return { authorization: await this.ensureSession(opts) };
  }

  /** Forget the session and any failed-login memory (credentials or trust changed). */
  resetAuth(): void {
    this.sessions.reset();
  }

  /** A valid session token: the current one, a renewed one, or a new login (single flight). */
  ensureSession(opts: CallOptions = {}): Promise<string> {
    if (this.closed) return Promise.reject(new ConsoleError('cancelled', 'Fieldlink is closing.', this.host.hostId()));
    return this.sessions.ensure(opts);
  }

  /** For the session keeper: one call with the given token (or none). */
  send(method: string, path: string, token: string | null, opts: CallOptions): Promise<Answer> {
    return this.transfer(method, path, token, opts);
  }

  private async transfer(method: string, path: string, token: string | null, opts: CallOptions): Promise<Answer> {
    const timeoutMs = opts.timeoutMs ?? REQUEST_TIMEOUT_MS;
    if (method === 'GET' && opts.json === undefined && !opts.searchParams) return this.read(path, token, opts, timeoutMs);
    const call = this.http(this.url + path, {
      method: method as 'GET',
      json: opts.json,
      searchParams: opts.searchParams,
      signal: opts.signal,
      headers: token ? { authorization: token } : {},
      timeout: { request: timeoutMs },
    } as OptionsOfTextResponseBody);
    // A hostile host could stream without end: stop reading past a sane size. (`on` answers the call, awaited below.)
    void call.on('downloadProgress', (p) => {
      if (p.transferred > MAX_BODY_BYTES) call.cancel('ERR_BODY_TOO_LARGE');
    });
    try {
      const res = await call;
      this.host.onAnswer();
      return { status: res.statusCode, body: String(res.body), headers: res.headers };
    } catch (err) {
      throw this.writeFailed(err, opts.signal, Math.round(timeoutMs / 1000));
    }
  }

  /**
   * The error of a got call that failed (a write: a link POST, an upload). One that met silence or a cut says the same
   * as a lost poll connection: the monitor checks liveness now instead of at its next beat. The check decides; this
   * failure alone marks nothing. A file that failed under an upload stays its own error (file-rejected) and asks for
   * nothing.
   */
  private writeFailed(err: unknown, signal: AbortSignal | undefined, timeoutSec: number): ConsoleError {
    // got's cancel, not the caller's: the answer outgrew MAX_BODY_BYTES (downloadProgress above).
    if ((err as { name?: string }).name === 'CancelError' && !signal?.aborted) {
      return connectionError(Object.assign(new Error('too large'), { code: 'ERR_BODY_TOO_LARGE' }), this.labelInfo());
    }
    const failure = connectionError(err, this.labelInfo(), timeoutSec);
    if ((failure.code === 'timeout' || failure.code === 'unreachable') && !signal?.aborted) this.host.onConnectionLost();
    return failure;
  }

  /** Reads take the lean path (see ping.ts); a read that met a stale kept-alive socket is tried once more. */
  private async read(path: string, token: string | null, opts: CallOptions, timeoutMs: number): Promise<Answer> {
    const headers: Record<string, string> = { 'user-agent': `Fieldlink/${this.deps.version}` };
    if (token) headers.authorization = token;
    const get = () =>
      opts.lean && !opts.signal
        ? this.lean(path, headers, timeoutMs)
        : rawGet(this.url + path, this.agent, { timeoutMs, headers, maxBytes: MAX_BODY_BYTES, signal: opts.signal });
    let result = await get();
    if (!result.ok && result.staleSocket && !opts.signal?.aborted) result = await get();
    if (!result.ok) throw connectionError(result.error, this.labelInfo(), Math.round(timeoutMs / 1000));
    this.host.onAnswer();
    return { status: result.status, body: result.body, headers: result.headers };
  }

  /**
   * The host's entry was merged into another (registry.ts, absorb): new calls go to the survivor's client, while the
   * work under way here (a validation reading the host just then: several calls in a row) goes on over this one
   * rather than fail with "Fieldlink is closing" (a merge never cancelled an action). After `graceMs` the client
   * closes, as soon as no call is under way.
   */
  retire(graceMs = RETIRE_GRACE_MS): void {
    if (this.closed || this.retireTimer) return;
    this.retireTimer = setTimeout(() => {
      this.retiring = true;
      if (this.inFlight === 0) this.close();
    }, graceMs);
    this.retireTimer.unref();
  }

  private async tracked<T>(call: () => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await call();
    } finally {
      if (--this.inFlight === 0 && this.retiring) this.close();
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
    if (this.retireTimer) clearTimeout(this.retireTimer);
    this.agent.destroy();
    this.pingAgent.destroy();
    this.poller?.close();
  }
}
