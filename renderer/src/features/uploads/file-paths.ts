// Where a dropped or picked file lives on disk. Only the Electron preload can tell (webUtils.getPathForFile); a
// browser page never learns a file's path, and the core reads files itself, on its own machine, by path. So the
// renderer passes paths, never bytes.
import type { DragEvent } from 'react';

type PathBridge = { getPathForFile?: (file: File) => string };

/** A function giving a File's path, or null in the browser build where no such thing exists. */
export function pathReader(): ((file: File) => string) | null {
  const bridge = window.fieldlink as PathBridge | undefined;
  if (typeof bridge?.getPathForFile !== 'function') return null;
  return (file) => {
    try {
      return String(bridge.getPathForFile!(file) ?? '');
    } catch {
      // A File made by a page (not from disk) has no path; the caller explains that rather than failing.
      return '';
    }
  };
}

/**
 * During dragover the files cannot be read, only the types; 'Files' is how every browser marks a drag of files.
 * The leader drag (our own MIME type) never carries it, so linking by drag keeps working on the same card.
 */
export function isFileDrag(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}
