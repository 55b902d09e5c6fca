// Hosts only announced on the link (mDNS) or named in a peer list, whose certificate nobody checked yet: listed apart
// and collapsed, never contacted beyond a ping until the technician takes them in (trusts them, or adds them by
// address). Anyone on the network can announce anything; these must not crowd the site's own hosts.
import type { HostView } from '../../../../shared/contract';

const CLAIM_SOURCES = new Set(['mdns', 'peer']);

export function isUnconfirmedView(h: HostView): boolean {
  // No certificate of it was ever trusted, whether it answers or not: an announcer that never answered its ping
  // (still checking, or unreachable) is no more one of the site's hosts than one waiting for its review.
  const neverTrusted = h.fingerprint === null && h.access !== 'certificate-changed';
  return neverTrusted && !h.pinned && h.sources.length > 0 && h.sources.every((s) => CLAIM_SOURCES.has(s));
}

export function unconfirmedViews(hosts: Iterable<HostView>): HostView[] {
  const out: HostView[] = [];
  for (const h of hosts) if (isUnconfirmedView(h)) out.push(h);
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.address.localeCompare(b.address));
}
