// Which hosts show, in which order. Groups stay together: each leader, then its followers, then the standalone hosts,
// then the rest (hosts not read yet, followers whose leader is not known). Within a group pinned hosts come first,
// then the order in which the console first saw each host (stable-order.ts): a newly found host never moves another.
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { HostView } from '../../../../shared/contract';
import { useSettingsStore } from '../../entities/settings/settings-store';
import { DEFAULT_STALE_DAYS, isStaleView } from '../sites/stale';
import { isUnconfirmedView } from '../../entities/hosts/unconfirmed';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { compareNames, stableKeys } from '../../entities/hosts/stable-order';
import { useViewStore, type ViewState } from './view-store';

/** Pinned first, then by name: for lists that are not the site's layout (the palette). */
export function compareHosts(a: HostView, b: HostView): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  return compareNames(a, b);
}

type Filters = Pick<ViewState, 'role' | 'state' | 'online' | 'search'>;

export function matches(h: HostView, f: Filters): boolean {
  if (f.role !== 'all' && h.role !== f.role) return false;
  if (f.state === 'attention') {
    if (h.access === 'ok' && h.online) return false;
  } else if (f.state !== 'all' && h.state !== f.state) return false;
  if (f.online === 'online' && !h.online) return false;
  if (f.online === 'offline' && h.online) return false;
  const q = f.search.trim().toLowerCase();
  if (q && !`${h.name} ${h.id} ${h.address}`.toLowerCase().includes(q)) return false;
  return true;
}

/** A section of the site: a leader's group (`leaderId` set, the leader first) or a run of ungrouped hosts. */
export interface Section {
  leaderId: string | null;
  ids: string[];
}

/** What the stale test needs; the stale group gets the same values, so a host is in exactly one of the two places. */
export interface Aside {
  staleDays: number;
  now: number;
}

/**
 * Unconfirmed announcers and stale hosts have collapsed groups of their own (features/sites), not a place here.
 * Unconfirmed first: an announcer never checked is not "stale", whatever its age.
 */
export function asideGroup(h: HostView, a: Aside): 'unconfirmed' | 'stale' | null {
  if (isUnconfirmedView(h)) return 'unconfirmed';
  return isStaleView(h, a.staleDays, a.now) ? 'stale' : null;
}

/** The leader a follower belongs to, when that leader is known: by its own word, else by the leader's table. */
function groupLeader(h: HostView, byId: Record<string, HostView>, listedBy: Map<string, string>): string | null {
  if (h.role !== 'follower') return null;
  if (h.leaderId && byId[h.leaderId]?.role === 'leader') return h.leaderId;
  return listedBy.get(h.id) ?? null;
}

export function siteSections(everyHost: Record<string, HostView>, f: Filters, aside: Aside): Section[] {
  const all = Object.values(everyHost).filter((h) => asideGroup(h, aside) === null);
  // Grouping looks only at shown hosts: a follower of a stale leader falls to the rest instead of vanishing.
  const byId = Object.fromEntries(all.map((h) => [h.id, h]));
  const keys = stableKeys(all);
  const order = (a: HostView, b: HostView) => (a.pinned !== b.pinned ? (a.pinned ? -1 : 1) : (keys.get(a.id) ?? 0) - (keys.get(b.id) ?? 0));
  const listedBy = new Map<string, string>();
  for (const l of all) if (l.role === 'leader') for (const p of l.peers) if (!listedBy.has(p.id)) listedBy.set(p.id, l.id);

  const followers = new Map<string, HostView[]>();
  const standalone: HostView[] = [];
  const rest: HostView[] = [];
  const leaders: HostView[] = [];
  for (const h of all) {
    if (h.role === 'leader') leaders.push(h);
    else if (h.role === 'standalone') standalone.push(h);
    else {
      const l = groupLeader(h, byId, listedBy);
      if (l) followers.set(l, [...(followers.get(l) ?? []), h]);
      else rest.push(h);
    }
  }
  const shown = (hs: HostView[]) =>
    hs
      .filter((h) => matches(h, f))
      .sort(order)
      .map((h) => h.id);
  const sections: Section[] = [];
  for (const l of leaders.sort(order)) {
    // A filter that hides the leader still shows its matching followers, under their leader's section.
    const ids = [...(matches(l, f) ? [l.id] : []), ...shown(followers.get(l.id) ?? [])];
    if (ids.length) sections.push({ leaderId: matches(l, f) ? l.id : null, ids });
  }
  const loose = [...shown(standalone), ...shown(rest)];
  if (loose.length) sections.push({ leaderId: null, ids: loose });
  return sections;
}

export function visibleIds(byId: Record<string, HostView>, f: Filters, aside: Aside): string[] {
  return siteSections(byId, f, aside).flatMap((s) => s.ids);
}

/** Sections flattened to strings (a leader section starts with its id prefixed by '>'), so useShallow can compare. */
const LEADER_MARK = '>';

function encode(sections: Section[]): string[] {
  return sections.flatMap((s) => (s.leaderId ? [LEADER_MARK + s.leaderId, ...s.ids.slice(1)] : ['', ...s.ids]));
}

function decode(flat: string[]): Section[] {
  const out: Section[] = [];
  for (const item of flat) {
    if (item === '') out.push({ leaderId: null, ids: [] });
    else if (item.startsWith(LEADER_MARK)) out.push({ leaderId: item.slice(1), ids: [item.slice(1)] });
    else out[out.length - 1]?.ids.push(item);
  }
  return out;
}

function useFilters(): Filters {
  return useViewStore(useShallow((s) => ({ role: s.role, state: s.state, online: s.online, search: s.search })));
}

function useStaleDays(): number {
  return useSettingsStore((s) => s.settings?.staleDays ?? DEFAULT_STALE_DAYS);
}

// The last Aside the site view drew with, so a shift-click range covers exactly the hosts on screen.
let drawnAside: Aside | null = null;

/** The same hosts as sections, for the views that draw groups. `now` is the one the stale group is given too. */
export function useSiteSections(now: number): Section[] {
  const filters = useFilters();
  const staleDays = useStaleDays();
  const aside = useMemo(() => ({ staleDays, now }), [staleDays, now]);
  useEffect(() => {
    drawnAside = aside;
  }, [aside]);
  const flat = useHostsStore(useShallow((s) => encode(siteSections(s.byId, filters, aside))));
  // The flat array only changes identity when the order or grouping does.
  return useMemo(() => decode(flat), [flat]);
}

export function currentVisibleIds(): string[] {
  const aside = drawnAside ?? { staleDays: useSettingsStore.getState().settings?.staleDays ?? DEFAULT_STALE_DAYS, now: Date.now() };
  return visibleIds(useHostsStore.getState().byId, useViewStore.getState(), aside);
}
