// A pasted link token may name its leader. Tokens are opaque (real ones may be encrypted), so this only *tries*:
// base64 → JSON with an IPv4 `ip` and a `port`; anything else is simply "no address", never an error.
import { isIPv4 } from 'node:net';
import { LOCAL_API_PORT } from '../../../shared/local-api/types';
import { validPort } from '../util/address';
import { validHostId } from '../util/text';

export interface TokenLeader {
  address: string;
  port: number;
  id: string | null;
}

export function leaderFromToken(token: string): TokenLeader | null {
  const text = token.trim();
  if (text.length < 8 || text.length > 8192 || !/^[A-Za-z0-9+/=_-]+$/.test(text)) return null;
  try {
    const json = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as unknown;
    if (!json || typeof json !== 'object') return null;
    const { ip, port, id } = json as { ip?: unknown; port?: unknown; id?: unknown };
    if (typeof ip !== 'string' || !isIPv4(ip)) return null;
    return { address: ip, port: validPort(port) ?? LOCAL_API_PORT, id: validHostId(id) };
  } catch {
    return null;
  }
}
