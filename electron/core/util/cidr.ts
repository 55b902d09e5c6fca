// Address ranges for the optional probe. Bounded on purpose: a /22 (1024 addresses) is a large site network; more
// would be a scan of someone else's network, which a field console has no business doing.
import { isIPv4 } from 'node:net';
import { ConsoleError } from '../../../shared/errors';

export const MIN_PREFIX = 22;

function toInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function toIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The host addresses of `cidr` (network and broadcast addresses left out for prefixes shorter than /31). */
export function expandCidr(cidr: string): string[] {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!match || !isIPv4(match[1]!)) {
    throw new ConsoleError('invalid-input', `"${cidr.slice(0, 40)}" is not an address range such as 192.168.1.0/24.`);
  }
  const prefix = Number(match[2]);
  if (prefix > 32) throw new ConsoleError('invalid-input', `/${prefix} is not a valid prefix length (0 to 32).`);
  if (prefix < MIN_PREFIX) {
    throw new ConsoleError(
      'invalid-input',
      `A /${prefix} range has ${2 ** (32 - prefix)} addresses; Fieldlink probes at most a /${MIN_PREFIX} (1024 addresses). Split the range or add hosts by address.`,
    );
  }
  const size = 2 ** (32 - prefix);
  const base = (toInt(match[1]!) & (prefix === 0 ? 0 : ~(size - 1) >>> 0)) >>> 0;
  const out: string[] = [];
  const skipEnds = prefix < 31;
  for (let i = skipEnds ? 1 : 0; i < (skipEnds ? size - 1 : size); i++) out.push(toIp(base + i));
  return out;
}
