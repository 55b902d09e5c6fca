// The order a host keeps on screen: the order in which this console first saw it. The first batch is sorted by name
// the way people count (edge-2 before edge-10); a host found later goes to the end of its group, so it never slips
// between hosts the technician already placed in their head.
import type { HostView } from '../../../../shared/contract';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const firstSeen = new Map<string, number>();
let next = 0;

export function compareNames(a: HostView, b: HostView): number {
  return collator.compare(a.name || a.id, b.name || b.id) || a.id.localeCompare(b.id);
}

/**
 * The stable key of each host, given every host known now; new ones are numbered in name order. The core keys a host
 * by "address:port" until the host confirms its agent id, then by the id (electron/core/hosts/registry.ts): the card
 * changes id but is the same host, so the id takes over the place of the address key it replaces. (Hosts confirm one
 * by one after sign-in; numbered as new, they moved to the end in the order they happened to answer.)
 */
export function stableKeys(hosts: HostView[]): Map<string, number> {
  const present = new Set(hosts.map((h) => h.id));
  const fresh = hosts.filter((h) => !firstSeen.has(h.id));
  for (const h of fresh.sort(compareNames)) {
    const addressKey = `${h.address}:${h.port}`;
    // Only a key that just went away: another host at an address still on screen is a host of its own.
    const inherited = present.has(addressKey) ? undefined : firstSeen.get(addressKey);
    if (inherited !== undefined) firstSeen.delete(addressKey);
    firstSeen.set(h.id, inherited ?? next++);
  }
  return firstSeen;
}

/** Another site is open: its hosts are numbered afresh, none takes a place from the last site's. */
export function resetStableOrder(): void {
  firstSeen.clear();
  next = 0;
}
