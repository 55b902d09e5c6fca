// Session tokens: when to renew. Agents issue JWTs; the expiry is read from the payload when it is readable and
// otherwise assumed to be the API's default two hours.
const DEFAULT_LIFETIME_MS = 2 * 3600_000;

export interface Session {
  token: string;
  obtainedAt: number;
  expiresAt: number;
}

export function newSession(token: string, now = Date.now()): Session {
  let expiresAt = now + DEFAULT_LIFETIME_MS;
  try {
    const payload = token.split('.')[1];
    if (payload) {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
      if (typeof claims.exp === 'number' && claims.exp * 1000 > now) expiresAt = Math.min(claims.exp * 1000, now + 7 * 86_400_000);
    }
  } catch {
    /* opaque token: keep the default */
  }
  return { token, obtainedAt: now, expiresAt };
}

/** Renew once three quarters of the lifetime has passed, so a long action never runs into an expired session. */
export function needsRenewal(s: Session, now = Date.now()): boolean {
  return now >= s.obtainedAt + (s.expiresAt - s.obtainedAt) * 0.75;
}

/** Too close to its end to be sent (it could expire on the way). */
export function expired(s: Session, now = Date.now()): boolean {
  return now >= s.expiresAt - Math.min(5_000, (s.expiresAt - s.obtainedAt) * 0.1);
}
