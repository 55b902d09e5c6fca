// The summary strip's figures. They count the hosts the dashboard shows in its groups, nothing more: unconfirmed
// announcers and stale hosts sit in collapsed groups of their own below, so they are counted apart (asideGroup decides,
// with the same stale setting and clock as the groups, so a host is counted in exactly one place).
import type { HostView } from '../../../../shared/contract';
import { asideGroup, type Aside } from './visible-hosts';

export interface SummaryCounts {
  /** Hosts of the site, shown in the main groups. */
  found: number;
  online: number;
  leaders: number;
  followers: number;
  standalone: number;
  unconfirmed: number;
  stale: number;
}

export function summaryCounts(hosts: Iterable<HostView>, aside: Aside): SummaryCounts {
  const c: SummaryCounts = { found: 0, online: 0, leaders: 0, followers: 0, standalone: 0, unconfirmed: 0, stale: 0 };
  for (const h of hosts) {
    const group = asideGroup(h, aside);
    if (group) {
      c[group] += 1;
      continue;
    }
    c.found += 1;
    if (h.online) c.online += 1;
    if (h.role === 'leader') c.leaders += 1;
    else if (h.role === 'follower') c.followers += 1;
    else if (h.role === 'standalone') c.standalone += 1;
  }
  return c;
}

/** "+ 2 unconfirmed, 1 stale", or null when every host known is in the groups. */
export function asideNote(c: Pick<SummaryCounts, 'unconfirmed' | 'stale'>): string | null {
  const parts = [c.unconfirmed ? `${c.unconfirmed} unconfirmed` : '', c.stale ? `${c.stale} stale` : ''].filter(Boolean);
  return parts.length ? `+ ${parts.join(', ')}` : null;
}
