// How the technician looks at the site: which view, which filter, which search. UI state only.
import { create } from 'zustand';

export type ViewMode = 'grid' | 'topology' | 'list';
export type RoleFilter = 'all' | 'leader' | 'follower' | 'standalone' | 'unknown';
export type StateFilter = 'all' | 'Ready' | 'In-Use' | 'attention';
export type OnlineFilter = 'all' | 'online' | 'offline';
/** Compact cards fit a 10-host site on one screen; detailed cards add every fact the host reports. */
export type Density = 'compact' | 'detailed';

export interface ViewState {
  mode: ViewMode;
  density: Density;
  role: RoleFilter;
  state: StateFilter;
  online: OnlineFilter;
  search: string;
  setMode(mode: ViewMode): void;
  setDensity(density: Density): void;
  setFilter(patch: Partial<Pick<ViewState, 'role' | 'state' | 'online' | 'search'>>): void;
  clearFilters(): void;
}

const noFilter = { role: 'all', state: 'all', online: 'all', search: '' } as const;

export const useViewStore = create<ViewState>()((set) => ({
  mode: 'grid',
  density: 'compact',
  ...noFilter,
  setMode: (mode) => set({ mode }),
  setDensity: (density) => set({ density }),
  setFilter: (patch) => set(patch),
  clearFilters: () => set({ ...noFilter }),
}));

export function filtersActive(s: Pick<ViewState, 'role' | 'state' | 'online' | 'search'>): boolean {
  return s.role !== 'all' || s.state !== 'all' || s.online !== 'all' || s.search.trim() !== '';
}
