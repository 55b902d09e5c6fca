// Host addresses as a technician types them, and as mDNS, peers and tokens report them.
import { isIPv4 } from 'node:net';
import { LOCAL_API_PORT } from '../../../shared/local-api/types';

export interface Endpoint {
  address: string;
  port: number;
}

export function endpointKey(e: Endpoint): string {
  return `${e.address}:${e.port}`;
}

export function endpointUrl(e: Endpoint): string {
  return `https://${e.address.includes(':') ? `[${e.address}]` : e.address}:${e.port}`;
}

export function validPort(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535 ? n : null;
}

/**
 * Parses `ip`, `ip:port` or `https://ip[:port][/...]` (IPv4 only: the Local UI is reached by the address shown on
 * the host's console). Returns null for anything else, including host names, which would need DNS the site lacks.
 * `portGiven` tells whether the text named a port, so a lookup can match any port when it did not.
 */
export function parseAddress(text: string, defaultPort = LOCAL_API_PORT): (Endpoint & { portGiven: boolean }) | null {
  let rest = text.trim();
  if (/^https:\/\//i.test(rest)) rest = rest.slice(8).replace(/[/?#].*$/, '');
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(rest)) return null;
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(rest);
  if (!match || !isIPv4(match[1]!)) return null;
  const port = match[2] === undefined ? defaultPort : validPort(match[2]);
  if (port === null) return null;
  return { address: match[1]!, port, portGiven: match[2] !== undefined };
}
