// One dialog at a time, opened from a card, a toolbar or the command palette alike.
import { create } from 'zustand';

export type Dialog =
  | { kind: 'site-credentials' }
  | { kind: 'host-credentials'; hostId: string }
  | { kind: 'trust-changed-certificate'; hostId: string }
  | { kind: 'link-with-token'; hostId: string }
  | { kind: 'add-host' }
  | { kind: 'probe-range' }
  | { kind: 'settings' };

export interface DialogState {
  dialog: Dialog | null;
  open(dialog: Dialog): void;
  close(): void;
}

export const useDialogStore = create<DialogState>()((set) => ({
  dialog: null,
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
}));

export const openDialog = (dialog: Dialog) => useDialogStore.getState().open(dialog);
