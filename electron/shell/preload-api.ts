// The renderer's `window.fieldlink`, built in two halves.
//
// Why two: errors crossing contextBridge keep only their message (electron/electron#25596), so a ConsoleError
// thrown in the preload would reach the page without its code or host id. The preload therefore keeps only the
// IPC half in its isolated world (`createIsolatedBridge`: envelopes in, envelopes out) and asks
// `contextBridge.executeInMainWorld` to run `installConsoleApi` in the page's own world, where it unwraps each
// envelope and throws an Error that keeps `code`, `message` and `hostId`, because it is made where it is caught.
import type { Envelope } from '../../shared/contract';

/**
 * A file the user dropped or picked, told to the main process so that uploads accept its path (the main process
 * refuses paths the user did not choose in this session). Not a contract command: the page cannot call it, only the
 * preload does, with what webUtils resolved from a real File.
 */
export const CHOSEN_FILE_CHANNEL = 'fieldlink:file-chosen';

/** The slice of ipcRenderer the preload uses. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface ContractNames {
  commandNames: readonly string[];
  eventNames: readonly string[];
  channel: { command(name: never): string; event(name: never): string };
}

/** What the isolated world lends the main world. Only data and these three functions cross the bridge. */
export interface IsolatedBridge {
  invoke(name: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  getPathForFile(file: unknown): string;
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (!value || typeof value !== 'object') return false;
  const v = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'data' in v;
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error?.message === 'string';
}

const internalEnvelope = (message: string): Envelope<never> => ({ ok: false, error: { code: 'internal', message } });

export function createIsolatedBridge(ipc: RendererIpc, names: ContractNames, getPathForFile: (file: unknown) => string): IsolatedBridge {
  const commandChannel = names.channel.command as (name: string) => string;
  const eventChannel = names.channel.event as (name: string) => string;
  const commands = new Set(names.commandNames);
  const events = new Set(names.eventNames);

  return {
    async invoke(name, input) {
      // The page can only reach channels the contract names: an unknown name never becomes an IPC message.
      if (typeof name !== 'string' || !commands.has(name)) {
        return { ok: false, error: { code: 'invalid-input', message: `Unknown command "${String(name).slice(0, 60)}".` } };
      }
      try {
        const answer = await ipc.invoke(commandChannel(name), input);
        return isEnvelope(answer) ? answer : internalEnvelope('Fieldlink got an answer it did not understand from its core.');
      } catch {
        // ipcMain.handle missing or the main process failing mid-call: Electron's text would only confuse a user.
        return internalEnvelope('Fieldlink could not reach its core. Restart Fieldlink; if it keeps happening, report it.');
      }
    },
    subscribe(event, listener) {
      if (typeof event !== 'string' || !events.has(event)) throw new Error(`Unknown event "${String(event).slice(0, 60)}".`);
      if (typeof listener !== 'function') throw new Error('A listener must be a function.');
      const channel = eventChannel(event);
      // The IpcRendererEvent stays here: it carries `sender`, which would hand the page the raw ipcRenderer.
      const handler = (_event: unknown, payload: unknown) => {
        try {
          listener(payload);
        } catch (err) {
          console.error(`A listener for ${event} failed`, err);
        }
      };
      ipc.on(channel, handler);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(channel, handler);
      };
    },
    getPathForFile(file) {
      const path = getPathForFile(file);
      // '' for a File the page made itself: only files from the disk (a drop, the file picker) are registered.
      if (typeof path === 'string' && path) ipc.send(CHOSEN_FILE_CHANNEL, path);
      return path;
    },
  };
}

/**
 * Defines `fieldlink` on `target` (the page's window). Runs in the main world via executeInMainWorld, which
 * serializes it: it must not use anything from outside its own body, not even a helper from this file.
 */
export function installConsoleApi(bridge: IsolatedBridge, commandNames: readonly string[], eventNames: readonly string[], target: object = globalThis): void {
  const api: Record<string, unknown> = {};
  for (const name of commandNames) {
    api[name] = async (input: unknown) => {
      const envelope = await bridge.invoke(name, input);
      if (envelope.ok) return envelope.data;
      const error = new Error(envelope.error.message) as Error & { code: string; hostId?: string };
      error.name = 'ConsoleError';
      error.code = envelope.error.code;
      if (typeof envelope.error.hostId === 'string') error.hostId = envelope.error.hostId;
      throw error;
    };
  }
  api.on = (event: string, listener: (payload: unknown) => void) => {
    if (!eventNames.includes(event)) throw new Error(`Unknown event "${String(event).slice(0, 60)}".`);
    return bridge.subscribe(event, (payload) => listener(payload));
  };
  // File.path is gone since Electron 32: a dropped file's path comes from webUtils in the preload.
  api.getPathForFile = (file: unknown) => bridge.getPathForFile(file);
  Object.defineProperty(target, 'fieldlink', { value: Object.freeze(api), enumerable: true, configurable: false, writable: false });
}

export interface BridgeExposer {
  executeInMainWorld(script: { func: (...args: never[]) => unknown; args?: unknown[] }): unknown;
  exposeInMainWorld(key: string, api: unknown): void;
}

/**
 * Installs the API in the main world. If that fails (it should not on Electron 41), the same API is exposed the
 * classic way so the app still works; errors then arrive with their message only, and the console says so.
 */
export function exposeConsoleApi(contextBridge: BridgeExposer, bridge: IsolatedBridge, names: ContractNames): 'main-world' | 'exposed' {
  const commandNames = [...names.commandNames];
  const eventNames = [...names.eventNames];
  try {
    contextBridge.executeInMainWorld({ func: installConsoleApi, args: [bridge, commandNames, eventNames] });
    return 'main-world';
  } catch (err) {
    console.error('Fieldlink: could not install its API in the page; error codes will not reach the UI.', err);
    const holder: { fieldlink?: unknown } = {};
    installConsoleApi(bridge, commandNames, eventNames, holder);
    contextBridge.exposeInMainWorld('fieldlink', holder.fieldlink);
    return 'exposed';
  }
}
