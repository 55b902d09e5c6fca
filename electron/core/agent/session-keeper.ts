// A host's session: login with the site (or the host's own) credentials from the vault, renewal before expiry,
// and the rules for failed logins. A refused login or a lockout is never repeated on Fieldlink's own initiative:
// only a person asking again, or new credentials, may cause another attempt; a lockout is waited out first.
import { ConsoleError } from '../../../shared/errors';
import { paths } from '../../../shared/local-api/types';
import { answerError, hostMessage, type HostLabel } from './errors';
import { loginSchema, renewalSchema } from './schemas';
import { expired, needsRenewal, newSession, type Session } from './session';
import type { Answer, AuthState, CallOptions, ClientDeps, ClientHost } from './types';
import { LOGIN_LOCKOUT_MS } from '../store/login-guard';
import { endpointKey } from '../util/address';
import type { z } from 'zod';

/** What the keeper needs from its client to talk to the host. */
export interface SessionTransport {
  send(method: string, path: string, token: string | null, opts: CallOptions): Promise<Answer>;
  parse<S extends z.ZodType>(answer: Answer, schema: S, what: string): z.output<S>;
  labelInfo(): HostLabel;
}

export class SessionKeeper {
  private session: Session | null = null;
  private auth: AuthState = { kind: 'none' };
  private loggingIn: Promise<string> | null = null;

  constructor(
    private readonly host: Pick<ClientHost, 'hostId' | 'label' | 'onAuthChange' | 'endpoint'>,
    private readonly deps: ClientDeps,
    private readonly transport: SessionTransport,
  ) {}

  get state(): AuthState {
    return this.auth;
  }

  /**
   * The host refused the session `token` (401): the next call logs in again. Only when it is still the current
   * one: parallel calls that met a 401 with the same old token then share one new login, and a call whose 401
   * arrives after that login never throws the fresh session away (a second login would follow).
   */
  drop(token: string): void {
    if (this.session?.token === token) this.session = null;
  }

  /** Forget the session and any failed-login memory (credentials or trust changed). */
  reset(): void {
    this.session = null;
    this.setAuth({ kind: 'none' });
  }

  /** A valid session token: the current one, a renewed one, or a new login (single flight). */
  ensure(opts: CallOptions = {}): Promise<string> {
    if (this.session && !expired(this.session) && !needsRenewal(this.session)) return Promise.resolve(this.session.token);
    this.loggingIn ??= this.obtain(opts).finally(() => {
      this.loggingIn = null;
    });
    return this.loggingIn;
  }

  private async obtain(opts: CallOptions): Promise<string> {
    if (this.session && !expired(this.session)) {
      // A renewal that fails for any reason is replaced by a login below.
      const renewed = await this.renew(this.session.token, opts).catch(() => null);
      if (renewed) return renewed;
    }
    this.session = null;
    return this.login(opts);
  }

  private async renew(token: string, opts: CallOptions): Promise<string | null> {
    const answer = await this.transport.send('POST', paths.renewal, token, { signal: opts.signal });
    if (answer.status !== 200) return null;
    const fresh = this.transport.parse(answer, renewalSchema, 'renew the session').Authorization;
    if (!fresh || !usableToken(fresh)) return null;
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
    // Under the CLI (a guard is given) one command is one person's request: its first refusal is final.
    const final = !opts.userInitiated || this.deps.loginGuard !== undefined;
    if ((prior.kind === 'failed' || prior.kind === 'locked') && prior.generation === generation && final) {
      throw new ConsoleError(prior.kind === 'failed' ? 'auth-failed' : 'locked-out', prior.message, hostId);
    }
    const credentials = await this.deps.credentials.forHost(hostId);
    if (!credentials) {
      this.setAuth({ kind: 'no-credentials', generation });
      throw new ConsoleError('needs-credentials', `Fieldlink has no credentials for ${label}. Enter the site credentials (or ones for this host).`, hostId);
    }
    const guardKey = endpointKey(this.host.endpoint());
    const remembered = this.deps.loginGuard?.check(guardKey, credentials.username);
    if (remembered) {
      const at = new Date(remembered.until).toISOString().slice(11, 16);
      const message = `${remembered.message} Fieldlink does not try ${credentials.username} on ${label} again before ${at} UTC, so the host does not lock the user out; check the password, then add --retry-login to try now.`;
      this.setAuth(remembered.kind === 'locked' ? { kind: 'locked', message, until: remembered.until, generation } : { kind: 'failed', message, generation });
      throw new ConsoleError(remembered.kind === 'locked' ? 'locked-out' : 'auth-failed', message, hostId);
    }
    const answer = await this.transport.send('POST', paths.login, null, {
      signal: opts.signal,
      json: { username: credentials.username, password: credentials.password },
    });
    if (answer.status === 200) {
      const token = this.transport.parse(answer, loginSchema, 'log in').Token?.Authorization;
      if (!token || !usableToken(token)) throw new ConsoleError('bad-answer', `${label} accepted the login but sent no usable session token.`, hostId);
      this.deps.secrets.add(token);
      this.session = newSession(token);
      this.deps.loginGuard?.succeeded(guardKey, credentials.username);
      this.setAuth({ kind: 'ok' });
      return token;
    }
    if (answer.status === 401 || answer.status === 400 || answer.status === 403) {
      const message = `The user name or password was refused by ${label}. Check the site credentials${this.deps.credentials.hasOverride(hostId) ? ' (this host has its own)' : ''}.`;
      this.setAuth({ kind: 'failed', message, generation });
      this.deps.loginGuard?.refused(guardKey, credentials.username, { kind: 'failed', until: Date.now() + LOGIN_LOCKOUT_MS, message });
      this.deps.logger.warn('login refused', { host: label, status: answer.status });
      throw new ConsoleError('auth-failed', message, hostId);
    }
    if (answer.status === 429) {
      const waitSec = retryAfterSec(answer.headers['retry-after']) ?? 900;
      const until = Date.now() + waitSec * 1000;
      const said = hostMessage(answer.body);
      const message = `${this.lockMessage(until)}${said ? ` The host said: ${said}` : ''}`;
      this.setAuth({ kind: 'locked', message, until, generation });
      this.deps.loginGuard?.refused(guardKey, credentials.username, { kind: 'locked', until, message });
      this.deps.logger.warn('login locked out', { host: label, waitSec });
      throw new ConsoleError('locked-out', message, hostId);
    }
    throw answerError(answer.status, answer.body, this.transport.labelInfo(), 'log in');
  }

  private lockMessage(until: number): string {
    const sec = Math.max(1, Math.ceil((until - Date.now()) / 1000));
    return `${this.host.label()} has locked logins after too many failures. Wait ${sec} s, check the credentials, then try again.`;
  }

  private setAuth(state: AuthState): void {
    this.auth = state;
    this.host.onAuthChange(state);
  }
}

/** A session token goes into a header: printable ASCII only, and of a sane length. */
function usableToken(token: string): boolean {
  return token.length <= 8192 && /^[\x21-\x7e]+$/.test(token);
}

function retryAfterSec(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d{1,7}$/.test(value.trim())) return Math.min(Number(value), 86_400);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(1, Math.min(Math.ceil((date - Date.now()) / 1000), 86_400));
}
