// What a person (or the CLI) may type for a host: its key, its agent id (confirmed or only claimed), its name, or
// its address (`ip`, `ip:port`, `https://ip:port`).
import { ConsoleError } from '../../../shared/errors';
import { parseAddress } from '../util/address';
import { cleanText } from '../util/text';
import { displayName, type HostEntry } from './entry';
import type { HostRegistry } from './registry';

export function findHost(registry: HostRegistry, ref: string): HostEntry | null {
  const text = ref.trim();
  const exact = registry.get(text);
  if (exact) return exact;
  const all = registry.all();
  const byId = all.filter((e) => e.confirmedId === text || e.claimedId === text);
  if (byId.length === 1) return byId[0]!;
  const address = parseAddress(text);
  if (address) {
    const at = registry.byAddress(address.address, address.port);
    if (at) return at;
    if (!address.portGiven) {
      const any = all.filter((e) => e.address === address.address);
      if (any.length === 1) return any[0]!;
    }
  }
  const lower = text.toLowerCase();
  const byName = all.filter((e) => displayName(e).toLowerCase() === lower);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new ConsoleError('invalid-input', `${byName.length} hosts are named "${cleanText(text, 60)}": use an id or an address instead.`);
  }
  return null;
}

export function requireHost(registry: HostRegistry, ref: string): HostEntry {
  const found = findHost(registry, ref);
  if (!found) throw new ConsoleError('not-found', `No known host matches "${cleanText(ref, 80) ?? ''}". Add it by address, or wait for discovery.`);
  return found;
}
