// How the technician looks at the site: which view, which filter, which search. UI state only.
import { create } from 'zustand';

export type ViewMode = 'grid' | 'topology' | 'list';
export type RoleFilter = 'all' | 'leader' | 'follower' | 'standalone' | 'unknown';
export type StateFilter = 'all' | 'Ready' | 'In-Use' | 'attention';
export type OnlineFilter = 'all' | 'online' | 'offline';

export interface ViewState {
  mode: ViewMode;
  role: RoleFilter;
  state: StateFilter;
  online: OnlineFilter;
  search: string;
  setMode(mode: ViewMode): void;
  setFilter(patch: Partial<Pick<ViewState, 'role' | 'state' | 'online' | 'search'>>): void;
  clearFilters(): void;
}

const noFilter = { role: 'all', state: 'all', online: 'all', search: '' } as const;

export const useViewStore = create<ViewState>()((set) => ({
  mode: 'grid',
  ...noFilter,
  setMode: (mode) => set({ mode }),
  setFilter: (patch) => set(patch),
  clearFilters: () => set({ ...noFilter }),
}));

export function filtersActive(s: Pick<ViewState, 'role' | 'state' | 'online' | 'search'>): boolean {
  return s.role !== 'all' || s.state !== 'all' || s.online !== 'all' || s.search.trim() !== '';
}
