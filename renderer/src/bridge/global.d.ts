// The object electron/preload.ts exposes with contextBridge: the same ConsoleApi the browser bridge provides.
import type { ConsoleApi } from '../../../shared/contract';

declare global {
  interface Window {
    fieldlink?: ConsoleApi;
  }
}

export {};
