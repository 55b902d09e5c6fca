// Logins behave like a real agent's, lockout included, so the console's handling of failed logins can be tested.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, unauthorized } from './errors';

const SESSION_SECONDS = 2 * 3600;
const EXTENDED_SESSION_SECONDS = 24 * 3600;
/** Failed logins allowed before each further attempt is slowed down, and before the account locks. */
const FREE_FAILURES = 3;
const LOCK_AFTER_FAILURES = 5;

export interface AuthOptions {
  user: string;
  password: string;
  hostId: string;
  /** Secret that signs session tokens (persisted, so sessions survive a restart). */
  sessionKey: string;
  lockoutSec: number;
  /** First delay once FREE_FAILURES is reached; it doubles with every further failure. */
  delayBaseMs: number;
  /** Answer to a wrong user name or password: 401 on the full profile, 400 (the spec's only 4xx for login) on spec. */
  wrongPasswordStatus: 400 | 401;
}

interface FailureRecord {
  count: number;
  lockedUntil: number;
}

/**
 * Local users, sessions and failed-login throttling of one host. Tokens look like JWTs (HS256) and carry an expiry;
 * the server only trusts its own signature, and logout revokes a token until it would have expired anyway.
 */
export class Auth {
  private readonly failures = new Map<string, FailureRecord>();
  private readonly revoked = new Map<string, number>();

  constructor(private readonly opts: AuthOptions) {}

  async login(username: string, password: string, extended: boolean, signal: AbortSignal): Promise<string> {
    this.refuseWhileLocked(username);

    // Per user, like pam_faillock: a guesser slows down and then locks the account, whichever client it uses.
    const failuresSoFar = this.failures.get(username)?.count ?? 0;
    if (failuresSoFar >= FREE_FAILURES) {
      await sleep(this.opts.delayBaseMs * 2 ** (failuresSoFar - FREE_FAILURES), undefined, { signal });
      // Attempts sent in parallel wait side by side: one of them may have locked the account meanwhile.
      this.refuseWhileLocked(username);
    }

    if (safeEqual(username, this.opts.user) && safeEqual(password, this.opts.password)) {
      this.failures.delete(username);
      return this.issue(username, extended);
    }
    // Counted now, not from the count seen on arrival, so parallel attempts each count (5 at once lock the user).
    const count = (this.failures.get(username)?.count ?? 0) + 1;
    const lockedUntil = count >= LOCK_AFTER_FAILURES ? Date.now() + this.opts.lockoutSec * 1000 : 0;
    this.failures.set(username, { count, lockedUntil });
    if (lockedUntil) throw this.lockedError(lockedUntil - Date.now());
    throw new ApiError(this.opts.wrongPasswordStatus, this.opts.wrongPasswordStatus === 400 ? 'BadRequest' : 'Unauthorized', 'Invalid username or password');
  }

  /** Returns the session a valid token belongs to, or throws 401. */
  verify(header: string | undefined): { user: string; jti: string; exp: number } {
    if (!header) throw unauthorized('This call needs a session: log in and send the token in the Authorization header');
    if (/^bearer\s/i.test(header)) {
      throw unauthorized("Send the token raw in the Authorization header, without 'Bearer'");
    }
    const claims = this.decode(header);
    if (!claims) throw unauthorized('The session token is not valid');
    if (claims.exp * 1000 <= Date.now()) throw unauthorized('The session has expired: log in again');
    if (this.revoked.has(claims.jti)) throw unauthorized('The session has been logged out: log in again');
    return { user: claims.sub, jti: claims.jti, exp: claims.exp };
  }

  renew(header: string | undefined, extended: boolean): string {
    const session = this.verify(header);
    return this.issue(session.user, extended);
  }

  logout(header: string | undefined): void {
    const session = this.verify(header);
    this.revoked.set(session.jti, session.exp);
    this.forgetExpiredRevocations();
  }

  private issue(user: string, extended: boolean): string {
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + (extended ? EXTENDED_SESSION_SECONDS : SESSION_SECONDS);
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(JSON.stringify({ sub: user, aud: this.opts.hostId, iat, exp, jti: randomUUID() }));
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  private decode(token: string): { sub: string; aud: string; exp: number; jti: string } | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [header, payload, signature] = parts as [string, string, string];
    if (!safeEqual(signature, this.sign(`${header}.${payload}`))) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || typeof claims.jti !== 'string') return null;
      if (claims.aud !== this.opts.hostId) return null;
      return { sub: claims.sub, aud: claims.aud, exp: claims.exp, jti: claims.jti };
    } catch {
      return null;
    }
  }

  private sign(data: string): string {
    return createHmac('sha256', Buffer.from(this.opts.sessionKey, 'hex')).update(data).digest('base64url');
  }

  private refuseWhileLocked(username: string): void {
    const record = this.failures.get(username);
    if (!record?.lockedUntil) return;
    const now = Date.now();
    if (record.lockedUntil > now) throw this.lockedError(record.lockedUntil - now);
    this.failures.delete(username);
  }

  private lockedError(remainingMs: number): ApiError {
    const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
    return new ApiError(429, 'TooManyRequests', `Too many failed logins: this account is locked for ${seconds} s`, { 'retry-after': String(seconds) });
  }

  private forgetExpiredRevocations(): void {
    const now = Date.now() / 1000;
    for (const [jti, exp] of this.revoked) if (exp <= now) this.revoked.delete(jti);
  }
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
