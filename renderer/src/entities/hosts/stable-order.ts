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

/** The stable key of each host, given every host known now; new ones are numbered in name order. */
export function stableKeys(hosts: HostView[]): Map<string, number> {
  const fresh = hosts.filter((h) => !firstSeen.has(h.id));
  if (fresh.length) for (const h of fresh.sort(compareNames)) firstSeen.set(h.id, next++);
  return firstSeen;
}

export function resetStableOrder(): void {
  firstSeen.clear();
  next = 0;
}
