// The object electron/preload.ts exposes with contextBridge: the same ConsoleApi the browser bridge provides.
import type { ConsoleApi } from '../../../shared/contract';

declare global {
  interface Window {
    /** In Electron only: `getPathForFile` is the preload's webUtils.getPathForFile, for dropped files. */
    fieldlink?: ConsoleApi & { getPathForFile?: (file: File) => string };
  }
}

export {};
