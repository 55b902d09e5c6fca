// The per-run secret that a browser page must present to use the bridge. It lives only in memory and in the URL
// fragment that `serve` prints (a fragment is never sent to a server, so it stays out of logs and Referer headers).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { SECRET_PROTOCOL_PREFIX } from '../../shared/ws-protocol';

export function createSecret(): string {
  // base64url only uses characters that are valid in a Sec-WebSocket-Protocol token.
  return randomBytes(32).toString('base64url');
}

/** The secret offered in a Sec-WebSocket-Protocol header, or null when none is offered. */
export function secretFromProtocols(header: string | string[] | undefined): string | null {
  const values = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const raw of values.split(',')) {
    const token = raw.trim();
    if (token.startsWith(SECRET_PROTOCOL_PREFIX)) return token.slice(SECRET_PROTOCOL_PREFIX.length);
  }
  return null;
}

/** Constant-time comparison, so the answer time does not reveal how much of a guess was right. */
export function secretMatches(expected: string, offered: string | null): boolean {
  if (offered === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(offered);
  return a.length === b.length && timingSafeEqual(a, b);
}
