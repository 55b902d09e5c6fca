// confirm() as a promise, so actions read top to bottom and the palette can reuse them without owning a modal.
import type { ReactNode } from 'react';
import { create } from 'zustand';

export interface ConfirmRequest {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** Why the host would certainly refuse: the confirm button is disabled and this reason stands beside it. */
  blocked?: string | null;
}

interface ConfirmState {
  request: (ConfirmRequest & { resolve: (ok: boolean) => void }) | null;
  answer(ok: boolean): void;
}

export const useConfirmStore = create<ConfirmState>()((set, get) => ({
  request: null,
  answer(ok) {
    const r = get().request;
    set({ request: null });
    r?.resolve(ok);
  },
}));

export function confirm(request: ConfirmRequest): Promise<boolean> {
  // A new question cancels one still open rather than stacking modals.
  useConfirmStore.getState().request?.resolve(false);
  return new Promise((resolve) => useConfirmStore.setState({ request: { ...request, resolve } }));
}
