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

type Live = Pick<ConfirmRequest, 'body' | 'blocked'>;

/**
 * confirm() whose body and blocked reason follow the site while the question is open: a question asked from a
 * snapshot went on saying "it still has 1 linked host", its button disabled, after the leader's table had emptied.
 * `follow` gets an update function and returns its unsubscribe, called once the question is answered.
 */
export async function confirmFollowing(request: ConfirmRequest, follow: (update: (live: Live) => void) => () => void): Promise<boolean> {
  const answer = confirm(request);
  let asked = useConfirmStore.getState().request;
  const stop = follow((live) => {
    const open = useConfirmStore.getState().request;
    // Only this question: one asked since, or none, is left alone.
    if (!open || open !== asked) return;
    asked = { ...open, ...live };
    useConfirmStore.setState({ request: asked });
  });
  try {
    return await answer;
  } finally {
    stop();
  }
}
