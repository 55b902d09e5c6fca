// A new network suggests a new site: each site remembers the IPv4 networks the laptop was on while working on it,
// and a network it has never been seen on is offered as a reason to start another site (the technician moved on),
// so hosts of two sites are not mixed by accident. Only a hint: nothing is switched without the technician.
import type os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { readJsonValidated, writeJsonAtomic, type StoreProblem } from '../store/atomic-json';

export type InterfaceTable = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function toInt(address: string): number | null {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function toDotted(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Leading one bits of a netmask (255.255.255.0 → 24). */
function prefixLength(mask: number): number {
  let bits = 0;
  for (let m = mask; m & 0x80000000; m = (m << 1) >>> 0) bits++;
  return bits;
}

/** The IPv4 networks (CIDR) of the laptop's external interfaces; loopback and link-local addresses do not count. */
export function networksOf(table: InterfaceTable): string[] {
  const out = new Set<string>();
  for (const addrs of Object.values(table)) {
    for (const a of addrs ?? []) {
      if (a.family !== 'IPv4' || a.internal || a.address.startsWith('169.254.')) continue;
      const address = toInt(a.address);
      const mask = toInt(a.netmask);
      if (address === null || mask === null) continue;
      const prefix = prefixLength(mask);
      // A /32 (point-to-point, VPN) names one address, not a site network.
      if (prefix === 32 || prefix === 0) continue;
      out.add(`${toDotted((address & mask) >>> 0)}/${prefix}`);
    }
  }
  return [...out].sort();
}

/** The networks the laptop is on now that the site has never been seen on. */
export function unseenNetworks(current: readonly string[], known: readonly string[]): string[] {
  const seen = new Set(known);
  return current.filter((n) => !seen.has(n));
}

const fileSchema = z.object({
  version: z.literal(1),
  networks: z.array(z.string().regex(CIDR)).max(256),
});

/** networks.json in the site's folder. */
export class SiteNetworks {
  private readonly file: string;
  private known: string[] | null = null;

  constructor(
    siteDir: string,
    private readonly onProblem: (p: StoreProblem) => void,
  ) {
    this.file = path.join(siteDir, 'networks.json');
  }

  /** The recorded networks; null when the site never recorded any (a site opened for the first time). */
  async load(): Promise<string[] | null> {
    const read = await readJsonValidated(this.file, fileSchema.nullable(), () => null, this.onProblem);
    this.known = read?.networks ?? null;
    return this.known;
  }

  /** What to suggest now; a site that never recorded networks takes the current ones as its own, silently. */
  async check(current: string[]): Promise<string[]> {
    const known = this.known ?? (await this.load());
    if (known === null) {
      await this.keep(current);
      return [];
    }
    return unseenNetworks(current, known);
  }

  async keep(networks: readonly string[]): Promise<void> {
    const known = new Set(this.known ?? (await this.load()) ?? []);
    for (const n of networks) if (CIDR.test(n)) known.add(n);
    // Oldest first are dropped past the cap: a laptop that roamed a hundred networks keeps the latest.
    this.known = [...known].slice(-256);
    await writeJsonAtomic(this.file, { version: 1, networks: this.known });
  }
}
