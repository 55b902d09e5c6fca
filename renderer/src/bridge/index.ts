// The UI's one way to the core. In Electron the preload provides `window.fieldlink`; in a browser opened on the
// address `npm run serve` printed, the same ConsoleApi is built over the WebSocket bridge.
//
// After a reconnect ('connecting' -> 'connected' again) events missed while away are gone: stores should re-read
// their state (hosts.list, tasks.list, settings.get) on every 'connected'.
import type { ConsoleApi, Unsubscribe } from '../../../shared/contract';
import { WS_PATH } from '../../../shared/ws-protocol';
import { ConsoleError } from '../../../shared/errors';
import { commandNames } from './contract-names';
import { createConnectionState, type ConnectionListener, type ConnectionMonitor } from './connection-state';
import { takeSecret, type SecretWindow } from './location-secret';
import { createWsClient, type WebSocketConstructor } from './ws-client';

export type { ConnectionListener } from './connection-state';

export const MISSING_SECRET_PROBLEM =
  'This page was opened without its access key: open the full address its command (npm run demo, npm start or npm run serve) printed; it ends with #secret=….';

export interface BridgeWindow extends SecretWindow {
  fieldlink?: ConsoleApi;
  location: SecretWindow['location'] & { protocol: string; host: string };
}

export interface ConsoleBridge {
  api: ConsoleApi;
  connection: ConnectionMonitor;
  /** 'electron' when the preload provided the API, 'websocket' otherwise. */
  kind: 'electron' | 'websocket';
  /** Ends the WebSocket for good (tests, page unload); a no-op under Electron. */
  close(): void;
}

/** A stand-in whose every call fails with `problem`, so the UI can render and explain rather than crash. */
function unavailableApi(problem: string): ConsoleApi {
  return new Proxy({} as ConsoleApi, {
    get(_target, key) {
      if (key === 'on') return () => () => {};
      if (key === 'then') return undefined; // not a thenable
      return () => Promise.reject(new ConsoleError('unreachable', problem));
    },
  });
}

/**
 * The preload builds its errors in the page's own world, so they are plain Errors carrying code/hostId rather than
 * instances of this bundle's ConsoleError: rebuild them so `instanceof ConsoleError` holds on both bridges.
 *
 * `api` is what contextBridge left on window: deep-frozen, every property non-configurable and read-only. A Proxy
 * whose `get` hands back a different function for such a property breaks a JavaScript invariant and every call
 * throws a TypeError, so this builds a new plain object instead: one wrapper per contract command, each calling the
 * frozen function it forwards to.
 */
export function normaliseElectronApi(api: ConsoleApi): ConsoleApi {
  const rebuild = (err: unknown): never => {
    if (err instanceof ConsoleError) throw err;
    const e = err as { code?: unknown; message?: unknown; hostId?: unknown } | null;
    if (e && typeof e.code === 'string' && typeof e.message === 'string') {
      throw ConsoleError.fromInfo({ code: e.code as ConsoleError['code'], message: e.message, ...(typeof e.hostId === 'string' ? { hostId: e.hostId } : {}) });
    }
    throw err;
  };
  const source = api as unknown as Record<string, unknown>;
  const client: Record<string, unknown> = {};
  for (const name of commandNames) {
    client[name] = async (input: unknown) => {
      const command = source[name];
      if (typeof command !== 'function') {
        throw new ConsoleError(
          'unsupported',
          `This Fieldlink window cannot run "${name}": its desktop part is older than its page. Restart Fieldlink; if it keeps happening, reinstall it.`,
        );
      }
      try {
        return await (command as (input: unknown) => Promise<unknown>).call(api, input);
      } catch (err) {
        return rebuild(err);
      }
    };
  }
  client.on = (event: string, listener: (payload: unknown) => void) =>
    (source.on as (e: string, l: (p: unknown) => void) => Unsubscribe).call(api, event, listener);
  return client as unknown as ConsoleApi;
}

/** Picks the bridge for this window. Exported for tests; the UI uses getConsoleApi(). */
export function createConsoleBridge(win: BridgeWindow, WebSocketImpl: WebSocketConstructor | undefined): ConsoleBridge {
  if (win.fieldlink) {
    return { api: normaliseElectronApi(win.fieldlink), connection: createConnectionState('connected'), kind: 'electron', close: () => {} };
  }
  const secret = takeSecret(win);
  if (!secret || !WebSocketImpl) {
    const connection = createConnectionState('disconnected');
    const problem = secret ? 'This browser has no WebSocket support.' : MISSING_SECRET_PROBLEM;
    connection.set('disconnected', problem);
    return { api: unavailableApi(problem), connection, kind: 'websocket', close: () => {} };
  }
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const client = createWsClient({ url: `${scheme}//${win.location.host}${WS_PATH}`, secret, WebSocket: WebSocketImpl });
  return { api: client.api, connection: client.connection, kind: 'websocket', close: client.close };
}

/**
 * True in the desktop app: the same test createConsoleBridge makes. Only there are the desktop-only commands
 * (desktopOnlyCommands in shared/contract.ts) answered; a UI shows their buttons only when this holds.
 */
export function runsInDesktopApp(win: Pick<BridgeWindow, 'fieldlink'> = window as unknown as BridgeWindow): boolean {
  return !!win.fieldlink;
}

let bridge: ConsoleBridge | null = null;

function currentBridge(): ConsoleBridge {
  bridge ??= createConsoleBridge(window as unknown as BridgeWindow, globalThis.WebSocket as unknown as WebSocketConstructor | undefined);
  return bridge;
}

/** The ConsoleApi for this page; the same object on every call. */
export function getConsoleApi(): ConsoleApi {
  return currentBridge().api;
}

/** Calls `listener` now and on every change of the bridge's connection. */
export function subscribeConnection(listener: ConnectionListener): Unsubscribe {
  return currentBridge().connection.subscribe(listener);
}
