// The order a host keeps on screen: the order in which this console first saw it. The first batch is sorted by name
// the way people count (edge-2 before edge-10); a host found later goes to the end of its group, so it never slips
// between hosts the technician already placed in their head.
import type { HostView } from '../../../../shared/contract';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const firstSeen = new Map<string, number>();
/**
 * The place of each endpoint's host. The core keys a host by its address until the host confirms its agent id, then
 * by the id: the card's id changes, but it is the same host and keeps its place. (Hosts confirm one by one after
 * sign-in; numbered as new, each moved to the end in the order they happened to answer.)
 */
const byEndpoint = new Map<string, number>();
let next = 0;

const endpoint = (h: HostView) => `${h.address}|${h.port}`;

export function compareNames(a: HostView, b: HostView): number {
  return collator.compare(a.name || a.id, b.name || b.id) || a.id.localeCompare(b.id);
}

/** The stable key of each host, given every host known now; new ones are numbered in name order. */
export function stableKeys(hosts: HostView[]): Map<string, number> {
  const fresh = hosts.filter((h) => !firstSeen.has(h.id));
  for (const h of fresh.sort(compareNames)) {
    const place = byEndpoint.get(endpoint(h)) ?? next++;
    firstSeen.set(h.id, place);
    byEndpoint.set(endpoint(h), place);
  }
  return firstSeen;
}

export function resetStableOrder(): void {
  firstSeen.clear();
  byEndpoint.clear();
  next = 0;
}
