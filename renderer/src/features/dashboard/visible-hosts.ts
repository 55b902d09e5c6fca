// Which hosts show, in which order: pinned first, then by name the way people count (edge-2 before edge-10).
import { useShallow } from 'zustand/react/shallow';
import type { HostView } from '../../../../shared/contract';
import { useHostsStore } from './hosts-store';
import { useViewStore, type ViewState } from './view-store';

type Filters = Pick<ViewState, 'role' | 'state' | 'online' | 'search'>;

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function compareHosts(a: HostView, b: HostView): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  return collator.compare(a.name || a.id, b.name || b.id) || a.id.localeCompare(b.id);
}

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

export function visibleIds(byId: Record<string, HostView>, f: Filters): string[] {
  return Object.values(byId)
    .filter((h) => matches(h, f))
    .sort(compareHosts)
    .map((h) => h.id);
}

/** The ordered ids on screen; a status change that moves nothing returns the same ids and re-renders nothing. */
export function useVisibleHostIds(): string[] {
  const filters = useViewStore(useShallow((s) => ({ role: s.role, state: s.state, online: s.online, search: s.search })));
  return useHostsStore(useShallow((s) => visibleIds(s.byId, filters)));
}

export function currentVisibleIds(): string[] {
  return visibleIds(useHostsStore.getState().byId, useViewStore.getState());
}
