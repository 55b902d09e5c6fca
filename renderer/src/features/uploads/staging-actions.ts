// Preparing an upload: files arrive by drop, by the picker or typed as paths; the core checks each one (type, size,
// readability) before anything is sent, and only then does the technician start the upload.
import type { ConsoleApi, FileCheck } from '../../../../shared/contract';
import { errorInfo } from '../../ui/notify';
import { streamFiles } from './browser-upload';
import { pathReader } from './file-paths';
import { useUploadsStore, type StagedFile } from './uploads-store';

let keySeq = 0;
const store = () => useUploadsStore.getState();

function staged(check: FileCheck): StagedFile {
  return { key: `f${++keySeq}`, path: check.path, check, signaturePath: null };
}

/** A file the preload could not place on disk: made by a web page or another app, or dragged out of an archive. */
function pathlessRefusal(file: File): FileCheck {
  return {
    path: '',
    name: file.name,
    size: file.size,
    kind: null,
    error: `${file.name} does not come from a folder Fieldlink can read (it may have been dragged from a web page, an archive or another app). Save it to a folder or drive first, then drop it from there.`,
  };
}

export function openUpload(hostId: string): void {
  store().open(hostId);
}

export const uploadableFiles = (files: StagedFile[]) => files.filter((f) => f.check.error === null);

/** Asks the core about these paths and lists the answers; paths already listed are not asked twice. */
export async function addPaths(api: ConsoleApi, hostId: string, paths: string[], refused: FileCheck[] = []): Promise<void> {
  store().open(hostId);
  const listed = new Set(store().staging?.files.map((f) => f.path));
  const fresh = [...new Set(paths.map((p) => p.trim()).filter((p) => p && !listed.has(p)))];
  const add = (checks: FileCheck[]) => {
    const s = store().staging;
    if (s?.hostId === hostId) store().patch({ files: [...s.files, ...checks.map(staged)] });
  };
  add(refused);
  if (fresh.length === 0) return;
  store().patch({ checking: true, problem: null });
  try {
    add(await api['uploads.check']({ paths: fresh }));
    store().patch({ checking: false });
  } catch (err) {
    store().patch({ checking: false, problem: errorInfo(err).message });
  }
}

/**
 * Dropped or picked files. In the browser build their paths are unknowable: the files themselves are streamed to the
 * host through `serve` (browser-upload.ts).
 */
export async function addFiles(api: ConsoleApi, hostId: string, files: File[]): Promise<void> {
  if (files.length === 0) return;
  const read = pathReader();
  if (!read) {
    await streamFiles(hostId, files);
    return;
  }
  const paths: string[] = [];
  const refused: FileCheck[] = [];
  for (const file of files) {
    const path = read(file);
    if (path) paths.push(path);
    else refused.push(pathlessRefusal(file));
  }
  await addPaths(api, hostId, paths, refused);
}

export function removeFile(key: string): void {
  const s = store().staging;
  if (s) store().patch({ files: s.files.filter((f) => f.key !== key), problem: null });
}

/** The core checks a signature when the upload starts (it only has to be a small readable file). */
export function setSignature(key: string, signaturePath: string | null): void {
  const s = store().staging;
  if (!s) return;
  const value = signaturePath?.trim() || null;
  store().patch({ files: s.files.map((f) => (f.key === key ? { ...f, signaturePath: value } : f)), problem: null });
}

/** Dropped on a follower: its leader is the host that takes content and syncs it to the group. */
export function retarget(hostId: string): void {
  const s = store().staging;
  if (s) store().patch({ hostId });
}

/** Starts one task per accepted file; true when the core took them (the dialog then closes). */
export async function startStaged(api: ConsoleApi): Promise<boolean> {
  const s = store().staging;
  if (!s) return false;
  const files = uploadableFiles(s.files).map((f) => (f.signaturePath ? { path: f.path, signaturePath: f.signaturePath } : { path: f.path }));
  if (files.length === 0) return false;
  store().patch({ starting: true, problem: null });
  try {
    const { taskIds } = await api['uploads.start']({ hostId: s.hostId, files });
    store().track(taskIds, s.hostId);
    store().close();
    return true;
  } catch (err) {
    store().patch({ starting: false, problem: errorInfo(err).message });
    return false;
  }
}
