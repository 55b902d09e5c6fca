// What the uploads feature remembers on its own: which host each upload task was started for (the task's own host
// rows appear only once the core has begun it), which finished results the technician put away, and the files
// being prepared in the upload dialog.
import { create } from 'zustand';
import type { FileCheck } from '../../../../shared/contract';

export interface StagedFile {
  /** Stable key for React and for edits; paths may repeat across hosts but not within one dialog. */
  key: string;
  path: string;
  check: FileCheck;
  signaturePath: string | null;
}

export interface Staging {
  hostId: string;
  files: StagedFile[];
  /** Names of files dropped in the browser build, which cannot learn their paths: shown as a typing aid. */
  pathless: string[];
  checking: boolean;
  starting: boolean;
  /** Why the last check or start failed, in the core's words. */
  problem: string | null;
}

export interface UploadsState {
  targets: Record<string, string>;
  dismissed: Record<string, true>;
  staging: Staging | null;
  track(taskIds: string[], hostId: string): void;
  dismiss(taskId: string): void;
  open(hostId: string): void;
  patch(change: Partial<Staging>): void;
  close(): void;
}

export const emptyStaging = (hostId: string): Staging => ({ hostId, files: [], pathless: [], checking: false, starting: false, problem: null });

export const useUploadsStore = create<UploadsState>()((set) => ({
  targets: {},
  dismissed: {},
  staging: null,
  track: (taskIds, hostId) =>
    set((s) => {
      const targets = { ...s.targets };
      for (const id of taskIds) targets[id] = hostId;
      return { targets };
    }),
  dismiss: (taskId) => set((s) => ({ dismissed: { ...s.dismissed, [taskId]: true } })),
  // Dropping on another card while the dialog is open starts over for that host; the same host keeps its list.
  open: (hostId) => set((s) => (s.staging?.hostId === hostId ? s : { staging: emptyStaging(hostId) })),
  patch: (change) => set((s) => (s.staging ? { staging: { ...s.staging, ...change } } : s)),
  close: () => set({ staging: null }),
}));

export function resetUploadsStore(): void {
  useUploadsStore.setState({ targets: {}, dismissed: {}, staging: null });
}
