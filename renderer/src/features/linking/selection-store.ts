// Which cards are ticked for a bulk action. A record of ids (not a Set) so a card's selector returns a boolean and
// only the cards whose tick changed re-render.
import { create } from 'zustand';

export interface SelectionState {
  selected: Record<string, true>;
  /** The last card ticked without shift: the start of a shift-click range. */
  anchor: string | null;
  toggle(id: string): void;
  /** Shift-click: tick everything between the anchor and `id` in the order shown. */
  selectRange(id: string, order: string[]): void;
  setMany(ids: string[]): void;
  clear(): void;
}

export const useSelectionStore = create<SelectionState>()((set, get) => ({
  selected: {},
  anchor: null,
  toggle(id) {
    const selected = { ...get().selected };
    if (selected[id]) delete selected[id];
    else selected[id] = true;
    set({ selected, anchor: id });
  },
  selectRange(id, order) {
    const { anchor } = get();
    const from = anchor ? order.indexOf(anchor) : -1;
    const to = order.indexOf(id);
    if (from < 0 || to < 0) {
      get().toggle(id);
      return;
    }
    const [lo, hi] = from < to ? [from, to] : [to, from];
    const selected = { ...get().selected };
    for (const each of order.slice(lo, hi + 1)) selected[each] = true;
    set({ selected });
  },
  setMany(ids) {
    const selected: Record<string, true> = {};
    for (const id of ids) selected[id] = true;
    set({ selected, anchor: ids[ids.length - 1] ?? null });
  },
  clear: () => set({ selected: {}, anchor: null }),
}));

export function selectedIds(): string[] {
  return Object.keys(useSelectionStore.getState().selected);
}
