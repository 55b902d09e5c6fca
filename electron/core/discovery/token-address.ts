// A pasted link token may name its leader. Tokens are opaque: the product page says a token holds the leader's IP,
// some versions of the docs say *encrypted*, and the spec gives no format. So this only *tries*: the token is
// decoded from base64 (standard or URL-safe, whitespace from line wrapping ignored) and searched for an IPv4
// address, with or without a port, anywhere in the decoded text (JSON or not); text that is not base64 is searched
// as it is. Nothing found is "no address", never an error: the
// token is still used to link, the follower's agent decides.
import { isIPv4 } from 'node:net';
import { LOCAL_API_PORT } from '../../../shared/local-api/types';
import { validPort } from '../util/address';
import { validHostId } from '../util/text';

export interface TokenLeader {
  address: string;
  /** The port the token names, else the Local UI's default port. */
  port: number;
  /** Whether the token itself named the port. */
  portGiven: boolean;
  id: string | null;
}

const MAX_TOKEN = 8192;
/** Dotted quads with an optional port; the look-arounds keep "1.2.3.4.5" or "v11.2.3.4" from matching. */
const IPV4_WITH_PORT = /(?<![\w.])((?:\d{1,3}\.){3}\d{1,3})(?::(\d{1,5}))?(?![\d.])/g;

/** Base64 (standard or URL-safe) text of a plausible token length. */
export function looksLikeToken(text: string): boolean {
  const t = text.trim();
  return t.length >= 8 && t.length <= MAX_TOKEN && /^[A-Za-z0-9+/_-]+={0,2}$/.test(t);
}

export function leaderFromToken(token: unknown): TokenLeader | null {
  if (typeof token !== 'string' || token.length > MAX_TOKEN * 2) return null;
  // A token copied from a terminal or a PDF may be wrapped over lines: whitespace is never part of base64.
  const text = token.replace(/\s+/g, '');
  if (!looksLikeToken(text)) return firstAddress(token.trim().slice(0, MAX_TOKEN));
  const decoded = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
  return fromJson(decoded) ?? firstAddress(decoded) ?? firstAddress(text);
}

/** The simulator's default tokens: JSON with `ip`, `port` and `id`. */
function fromJson(decoded: string): TokenLeader | null {
  try {
    const json = JSON.parse(decoded) as unknown;
    if (!json || typeof json !== 'object') return null;
    const { ip, port, id } = json as { ip?: unknown; port?: unknown; id?: unknown };
    if (typeof ip !== 'string' || !isIPv4(ip)) return null;
    const given = validPort(port);
    return { address: ip, port: given ?? LOCAL_API_PORT, portGiven: given !== null, id: validHostId(id) };
  } catch {
    return null;
  }
}

function firstAddress(decoded: string): TokenLeader | null {
  for (const match of decoded.matchAll(IPV4_WITH_PORT)) {
    const address = match[1]!;
    if (!isIPv4(address) || address === '0.0.0.0' || address.startsWith('255.')) continue;
    const given = match[2] ? validPort(Number(match[2])) : null;
    const id = /edge-[0-9a-f]{32}/.exec(decoded)?.[0] ?? null;
    return { address, port: given ?? LOCAL_API_PORT, portGiven: given !== null, id: validHostId(id) };
  }
  return null;
}
