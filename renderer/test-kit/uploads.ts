// Shared by the uploads tests: drags that carry files (jsdom has no DataTransfer), the desktop preload's
// getPathForFile stubbed on window.fieldlink, and upload task views as the core reports them.
import { fireEvent, within } from '@testing-library/react';
import type { FileCheck, TaskHostResult, TaskView } from '../../shared/contract';
import { task } from './fixtures';
import { card } from './render';

/** Where a pointer lands on a card: its content (the name), as in a browser, not the card's own box. */
export function onCard(name: string): HTMLElement {
  return within(card(name)).getByText(name, { selector: '.fl-name' });
}

/** What the browser hands a page during a drag of files from the desktop: type 'Files' and the File objects. */
export function fileTransfer(files: File[]) {
  return { types: ['Files'], files, items: [], effectAllowed: 'all', dropEffect: 'none', getData: () => '', setData: () => {} };
}

/** Enter, hover and drop, as a drag from the file manager does; answers whether the card accepted the drop. */
export function dropFiles(target: Element, files: File[]): boolean {
  const dt = fileTransfer(files);
  fireEvent.dragEnter(target, { dataTransfer: dt });
  const accepted = !fireEvent.dragOver(target, { dataTransfer: dt });
  if (accepted) fireEvent.drop(target, { dataTransfer: dt });
  return accepted;
}

export const bundle = (name = 'content-2025.tar.zst', size = 8) => new File([new Uint8Array(size)], name);

type PreloadWindow = { fieldlink?: unknown };

/** Makes the page look like the desktop app: files resolve to paths under /media/usb unless `paths` says otherwise. */
export function stubDesktop(paths: Record<string, string> = {}): () => void {
  const w = window as unknown as PreloadWindow;
  const before = w.fieldlink;
  w.fieldlink = { getPathForFile: (f: File) => (f.name in paths ? paths[f.name] : `/media/usb/${f.name}`) };
  return () => {
    w.fieldlink = before;
  };
}

export function accepted(path: string, size = 4 * 1024 ** 3): FileCheck {
  const name = path.split('/').pop()!;
  return { path, name, size, kind: name.endsWith('.tgz') ? 'clusterconfig' : 'content', error: null };
}

export function refused(path: string, error: string, size = 0): FileCheck {
  return { path, name: path.split('/').pop()!, size, kind: null, error };
}

export const follower = (hostId: string, name: string, patch: Partial<TaskHostResult> = {}): TaskHostResult => ({
  hostId,
  name,
  state: 'running',
  message: null,
  detail: 'Pending',
  ...patch,
});

const GiB = 1024 ** 3;

/** An upload of content-2025.tar.zst to host-1 (edge-1), `done` GiB of 4 sent. */
export function upload(id: string, patch: Partial<TaskView> = {}, done = 1): TaskView {
  return task(id, {
    kind: 'upload',
    title: 'Upload content-2025.tar.zst to host-1',
    state: 'running',
    phase: 'uploading',
    progress: { done: done * GiB, total: 4 * GiB, unit: 'bytes' },
    bytesPerSec: 100 * 1024 ** 2,
    etaSec: 31,
    hosts: [{ hostId: 'edge-1', name: 'host-1', state: 'running', message: null, detail: null }],
    cancellable: true,
    retryable: false,
    ...patch,
  });
}
