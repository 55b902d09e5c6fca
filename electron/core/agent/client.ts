// The agent client: one per host. It owns the host's HTTPS agents (pinned certificate), its session (login,
// renewal before expiry, one re-login on a 401), and turns every failure into a ConsoleError. Writes (login, link,
// unlink, uploads) go through got; reads, which the poller makes every few seconds for every host, take a lean
// keep-alive path on plain https (ping.ts) and are retried once when a kept-alive socket had gone stale.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import got, { type Got, type OptionsOfTextResponseBody } from 'got';
import type { z } from 'zod';
import { ConsoleError } from '../../../shared/errors';
import { paths } from '../../../shared/local-api/types';
import type { CoreLogger, SecretSet } from '../log';
import type { CredentialStore } from '../store/credentials';
import type { CertVerdict } from '../store/pin-store';
import { endpointUrl, type Endpoint } from '../util/address';
import { answerError, connectionError, hostMessage, type HostLabel } from './errors';
import { loginSchema, renewalSchema } from './schemas';
import { expired, needsRenewal, newSession, type Session } from './session';
import { PinnedAgent } from './tls-agent';
import { pingHost, rawGet, type PingResult, type RawResult } from './ping';
import { PollConnection } from './poll-connection';

export const REQUEST_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export type AuthState =
  | { kind: 'none' }
  | { kind: 'ok' }
  | { kind: 'no-credentials'; generation: number }
  | { kind: 'failed'; message: string; generation: number }
  | { kind: 'locked'; message: string; until: number; generation: number };

/** What a client needs from the registry about the host it talks to. */
export interface ClientHost {
  hostId(): string;
  label(): string;
  endpoint(): Endpoint;
  /** Decides whether a new connection's certificate is acceptable (and records what was seen). */
  checkCertificate(fingerprint: string, enforcing: boolean): CertVerdict;
  onAuthChange(state: AuthState): void;
  /** Any HTTP answer came back: the host is alive (saves a liveness ping). */
  onAnswer(): void;
}

export interface ClientDeps {
  credentials: CredentialStore;
  secrets: SecretSet;
  logger: CoreLogger;
  version: string;
}

export interface Answer {
  status: number;
  body: string;
  headers: IncomingHttpHeaders;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  json?: unknown;
  searchParams?: Record<string, string>;
  /** A person asked for this: a login that failed before may be tried again (never the poller on its own). */
  userInitiated?: boolean;
  /** false for the few calls that need no session (ping, login itself). */
  auth?: boolean;
  /** A poller's read: over the host's poll connection (see poll-connection.ts) when it can be. */
  lean?: boolean;
}

export interface StreamPostOptions {
  /** A factory, because a retry after a 401 must read the data again from the start. */
  body: () => Readable;
  headers: Record<string, string>;
  signal?: AbortSignal;
  /** Idle time allowed with no bytes moving; the upload itself may take as long as it needs. */
  idleTimeoutMs?: number;
  onUploadProgress?: (sentBytes: number, totalBytes: number | undefined) => void;
  userInitiated?: boolean;
}

export class AgentClient {
  readonly url: string;
  private readonly agent: PinnedAgent;
  private readonly pingAgent: PinnedAgent;
  private poller: PollConnection | null = null;
  /** The host answered the poll connection with something it does not handle: use the general client. */
  private pollBroken = false;
  /** got with the pinned agent and the console's defaults, without a session: the building block for calls. */
  readonly http: Got;
  private session: Session | null = null;
  private auth: AuthState = { kind: 'none' };
  private loggingIn: Promise<string> | null = null;
  private closed = false;
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
  }

  get authState(): AuthState {
    return this.auth;
  }

  get hasSession(): boolean {
    return this.session !== null && !expired(this.session);
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
  async ping(timeoutMs: number): Promise<PingResult> {
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
      this.poller ??= new PollConnection(address, port, (fp) => (this.verdict = this.host.checkCertificate(fp, true)), true, MAX_BODY_BYTES);
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
  async request(method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
    if (opts.auth === false) return this.send(method, path, null, opts);
    const token = await this.ensureSession(opts);
    const answer = await this.send(method, path, token, opts);
    if (answer.status !== 401) return answer;
    this.session = null;
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
  async postStream(path: string, opts: StreamPostOptions): Promise<Answer> {
    const attempt = async (token: string): Promise<Answer> => {
      const call = this.http.post(this.url + path, {
        body: opts.body(),
        headers: { ...opts.headers, authorization: token },
        signal: opts.signal,
        timeout: { request: undefined, socket: opts.idleTimeoutMs ?? 60_000 },
        retry: { limit: 0 },
      } as OptionsOfTextResponseBody);
      if (opts.onUploadProgress) {
        call.on('uploadProgress', (p) => opts.onUploadProgress!(p.transferred, p.total ?? undefined));
      }
      try {
        const res = await call;
        return { status: res.statusCode, body: String(res.body).slice(0, MAX_BODY_BYTES), headers: res.headers };
      } catch (err) {
        throw connectionError(err, this.labelInfo(), 60);
      }
    };
    const answer = await attempt(await this.ensureSession(opts));
    if (answer.status !== 401) return answer;
    this.session = null;
    return attempt(await this.ensureSession({ ...opts, userInitiated: true }));
  }

  /** Headers carrying a valid session, for modules that build their own got calls on `http`. */
  async authHeaders(opts: CallOptions = {}): Promise<Record<string, string>> {
    return { authorization: await this.ensureSession(opts) };
  }

  /** Forget the session and any failed-login memory (credentials or trust changed). */
  resetAuth(): void {
    this.session = null;
    this.setAuth({ kind: 'none' });
  }

  /** A valid session token: the current one, a renewed one, or a new login (single flight). */
  async ensureSession(opts: CallOptions = {}): Promise<string> {
    if (this.closed) throw new ConsoleError('cancelled', 'Fieldlink is closing.', this.host.hostId());
    if (this.session && !expired(this.session) && !needsRenewal(this.session)) return this.session.token;
    this.loggingIn ??= this.obtainSession(opts).finally(() => {
      this.loggingIn = null;
    });
    return this.loggingIn;
  }

  private async obtainSession(opts: CallOptions): Promise<string> {
    if (this.session && !expired(this.session)) {
      const renewed = await this.renew(this.session.token, opts).catch(() => null);
      if (renewed) return renewed;
    }
    this.session = null;
    return this.login(opts);
  }

  private async renew(token: string, opts: CallOptions): Promise<string | null> {
    const answer = await this.send('POST', paths.renewal, token, { signal: opts.signal });
    if (answer.status !== 200) return null;
    const fresh = this.parse(answer, renewalSchema, 'renew the session').Authorization;
    if (!fresh) return null;
    this.deps.secrets.add(fresh);
    this.session = newSession(fresh);
    return fresh;
  }

  private async login(opts: CallOptions): Promise<string> {
    const hostId = this.host.hostId();
    const label = this.host.label();
    const generation = this.deps.credentials.generation;
    const prior = this.auth;
    if (prior.kind === 'locked' && prior.until > Date.now()) {
      throw new ConsoleError('locked-out', this.lockMessage(prior.until), hostId);
    }
    // A failed login is never repeated on Fieldlink's own initiative: only a person, or new credentials, retry it.
    if ((prior.kind === 'failed' || prior.kind === 'locked') && prior.generation === generation && !opts.userInitiated) {
      throw new ConsoleError(prior.kind === 'failed' ? 'auth-failed' : 'locked-out', prior.message, hostId);
    }
    const credentials = await this.deps.credentials.forHost(hostId);
    if (!credentials) {
      this.setAuth({ kind: 'no-credentials', generation });
      throw new ConsoleError('needs-credentials', `Fieldlink has no credentials for ${label}. Enter the site credentials (or ones for this host).`, hostId);
    }
    const answer = await this.send('POST', paths.login, null, {
      signal: opts.signal,
      json: { username: credentials.username, password: credentials.password },
    });
    if (answer.status === 200) {
      const token = this.parse(answer, loginSchema, 'log in').Token?.Authorization;
      if (!token) throw new ConsoleError('bad-answer', `${label} accepted the login but sent no session token.`, hostId);
      this.deps.secrets.add(token);
      this.session = newSession(token);
      this.setAuth({ kind: 'ok' });
      return token;
    }
    if (answer.status === 401 || answer.status === 400 || answer.status === 403) {
      const message = `The user name or password was refused by ${label}. Check the site credentials${this.deps.credentials.hasOverride(hostId) ? ' (this host has its own)' : ''}.`;
      this.setAuth({ kind: 'failed', message, generation });
      this.deps.logger.warn('login refused', { host: label, status: answer.status });
      throw new ConsoleError('auth-failed', message, hostId);
    }
    if (answer.status === 429) {
      const waitSec = retryAfterSec(answer.headers['retry-after']) ?? 900;
      const until = Date.now() + waitSec * 1000;
      const said = hostMessage(answer.body);
      const message = `${this.lockMessage(until)}${said ? ` The host said: ${said}` : ''}`;
      this.setAuth({ kind: 'locked', message, until, generation });
      this.deps.logger.warn('login locked out', { host: label, waitSec });
      throw new ConsoleError('locked-out', message, hostId);
    }
    throw answerError(answer.status, answer.body, this.labelInfo(), 'log in');
  }

  private lockMessage(until: number): string {
    const sec = Math.max(1, Math.ceil((until - Date.now()) / 1000));
    return `${this.host.label()} has locked logins after too many failures. Wait ${sec} s, check the credentials, then try again.`;
  }

  private setAuth(state: AuthState): void {
    this.auth = state;
    this.host.onAuthChange(state);
  }

  private async send(method: string, path: string, token: string | null, opts: CallOptions): Promise<Answer> {
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
    // A hostile host could stream without end: stop reading past a sane size.
    call.on('downloadProgress', (p) => {
      if (p.transferred > MAX_BODY_BYTES) call.cancel('ERR_BODY_TOO_LARGE');
    });
    try {
      const res = await call;
      this.host.onAnswer();
      return { status: res.statusCode, body: String(res.body), headers: res.headers };
    } catch (err) {
      if ((err as { name?: string }).name === 'CancelError' && !opts.signal?.aborted) {
        throw connectionError(Object.assign(new Error('too large'), { code: 'ERR_BODY_TOO_LARGE' }), this.labelInfo());
      }
      throw connectionError(err, this.labelInfo(), Math.round(timeoutMs / 1000));
    }
  }

  /** Reads take the lean path (see ping.ts); a read that met a stale kept-alive socket is tried once more. */
  private async read(path: string, token: string | null, opts: CallOptions, timeoutMs: number): Promise<Answer> {
    const headers: Record<string, string> = { 'user-agent': `Fieldlink/${this.deps.version}` };
    if (token) headers.authorization = token;
    const get = () =>
      opts.lean && !opts.signal ? this.lean(path, headers, timeoutMs) : rawGet(this.url + path, this.agent, { timeoutMs, headers, maxBytes: MAX_BODY_BYTES, signal: opts.signal });
    let result = await get();
    if (!result.ok && result.staleSocket && !opts.signal?.aborted) result = await get();
    if (!result.ok) throw connectionError(result.error, this.labelInfo(), Math.round(timeoutMs / 1000));
    this.host.onAnswer();
    return { status: result.status, body: result.body, headers: result.headers };
  }

  close(): void {
    this.closed = true;
    this.agent.destroy();
    this.pingAgent.destroy();
    this.poller?.close();
  }
}

function retryAfterSec(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d{1,7}$/.test(value.trim())) return Math.min(Number(value), 86_400);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(1, Math.min(Math.ceil((date - Date.now()) / 1000), 86_400));
}
