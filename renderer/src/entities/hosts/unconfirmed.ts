// Hosts only announced on the link (mDNS) or named in a peer list, whose certificate nobody checked yet: listed apart
// and collapsed, never contacted beyond a ping until the technician takes them in (trusts them, or adds them by
// address). Anyone on the network can announce anything; these must not crowd the site's own hosts.
import type { HostView } from '../../../../shared/contract';

const CLAIM_SOURCES = new Set(['mdns', 'peer']);

export function isUnconfirmedView(h: HostView): boolean {
  // No certificate of it pinned, and waiting for a review or not answering yet: an announcer that never answered its
  // ping (checking, unreachable) is no more one of the site's hosts than one waiting for its review. Any other access
  // (a refused login, say) means the core took it in (trusted under its claimed id): it stays in the site's grid.
  const claimOnly = h.fingerprint === null && (h.access === 'needs-trust' || h.access === 'checking' || h.access === 'unreachable');
  return claimOnly && !h.pinned && h.sources.length > 0 && h.sources.every((s) => CLAIM_SOURCES.has(s));
}

export function unconfirmedViews(hosts: Iterable<HostView>): HostView[] {
  const out: HostView[] = [];
  for (const h of hosts) if (isUnconfirmedView(h)) out.push(h);
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.address.localeCompare(b.address));
}
