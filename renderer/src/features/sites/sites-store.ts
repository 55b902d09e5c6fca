// The sites on this computer as the core last listed them, and whether the New site dialog is open (the switcher's
// menu and the new-network notice both open it).
import { create } from 'zustand';
import type { ConsoleApi, SitesView } from '../../../../shared/contract';

export interface SitesState {
  view: SitesView | null;
  newSiteOpen: boolean;
  set(view: SitesView | null): void;
  openNewSite(open: boolean): void;
}

export const useSitesStore = create<SitesState>()((set) => ({
  view: null,
  newSiteOpen: false,
  set: (view) => set({ view }),
  openNewSite: (newSiteOpen) => set({ newSiteOpen }),
}));

export async function loadSites(api: ConsoleApi): Promise<void> {
  // The list is shown again at the next open or switch: a failed read leaves the menu without sites, not broken.
  const view = await api['sites.list']({}).catch(() => null);
  useSitesStore.getState().set(view ?? null);
}

/** "3 hosts", "1 host", "no hosts". */
export function hostCountText(count: number | undefined): string {
  if (!count) return 'no hosts';
  return count === 1 ? '1 host' : `${count} hosts`;
}

export const siteLabel = (site: string | null): string => site ?? 'default';
