// What the core last said about each host. Only 'hosts.changed' events and hosts.list write here; components read
// one host at a time (byId[id]) so an update to one host re-renders only that host's card.
import { create } from 'zustand';
import type { HostView } from '../../../../shared/contract';

export interface HostsState {
  byId: Record<string, HostView>;
  loaded: boolean;
  replaceAll(hosts: HostView[]): void;
  /** One coalesced batch of events: the last view of each host wins, removals apply after upserts. */
  apply(upserted: HostView[], removed: string[]): void;
}

export const useHostsStore = create<HostsState>()((set) => ({
  byId: {},
  loaded: false,
  replaceAll(hosts) {
    const byId: Record<string, HostView> = {};
    for (const h of hosts) byId[h.id] = h;
    set({ byId, loaded: true });
  },
  apply(upserted, removed) {
    if (upserted.length === 0 && removed.length === 0) return;
    set((s) => {
      const byId = { ...s.byId };
      for (const h of upserted) byId[h.id] = h;
      for (const id of removed) delete byId[id];
      return { byId };
    });
  },
}));

export function getHost(id: string): HostView | undefined {
  return useHostsStore.getState().byId[id];
}

export function hostLabel(id: string): string {
  const h = getHost(id);
  return h ? h.name || h.id : id;
}
