// The renderer's side of the browser bridge: a ConsoleApi whose calls and events travel over the WebSocket that
// electron/bridge/ws-server.ts serves. The protocol is described in shared/ws-protocol.ts.
import type { CommandName, ConsoleApi, EventName, EventPayload, Unsubscribe } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { CLOSE_BAD_SECRET, MAX_MESSAGE_BYTES, SECRET_PROTOCOL_PREFIX, SUBPROTOCOL, type RequestFrame, type ServerFrame } from '../../../shared/ws-protocol';
import { createConnectionState, type ConnectionMonitor } from './connection-state';
import { commandNames, isEventName, unwrap } from './contract-names';

/** The part of the WebSocket API used here; the browser's WebSocket and the `ws` package both provide it. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: () => void): void;
}

export type WebSocketConstructor = new (url: string, protocols: string[]) => WebSocketLike;

export interface WsClientOptions {
  /** ws:// address of the bridge. */
  url: string;
  secret: string;
  WebSocket: WebSocketConstructor;
  /** A request without an answer after this long fails with 'timeout' (default 2 minutes). */
  requestTimeoutMs?: number;
  /** Reconnect delays: doubling from `initialMs` up to `maxMs` (defaults 250 ms and 5 s). */
  backoff?: { initialMs: number; maxMs: number };
}

export interface WsClient {
  api: ConsoleApi;
  connection: ConnectionMonitor;
  /** Closes the socket for good; pending calls fail. */
  close(): void;
}

const OPEN = 1;

// Named for every command that serves the page (demo, start without Electron, serve): the reader ran one of them.
export const BAD_SECRET_PROBLEM =
  'This page is not connected to the running Fieldlink: open the address its command (npm run demo, npm start or npm run serve) printed most recently.';

interface Pending {
  frame: string;
  sent: boolean;
  resolve(data: unknown): void;
  reject(err: unknown): void;
  timer: ReturnType<typeof setTimeout>;
}

export function createWsClient(options: WsClientOptions): WsClient {
  const timeoutMs = options.requestTimeoutMs ?? 120_000;
  const backoff = options.backoff ?? { initialMs: 250, maxMs: 5000 };
  const connection = createConnectionState('connecting');
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let socket: WebSocketLike | null = null;
  let nextId = 1;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let finished = false;

  function connect(): void {
    reconnectTimer = null;
    connection.set('connecting');
    const ws = new options.WebSocket(options.url, [SUBPROTOCOL, SECRET_PROTOCOL_PREFIX + options.secret]);
    socket = ws;
    ws.addEventListener('open', () => {
      attempt = 0;
      connection.set('connected');
      for (const request of pending.values()) if (!request.sent) transmit(ws, request);
    });
    ws.addEventListener('message', (event) => onFrame(event.data));
    // Every failure also ends in 'close', which decides what happens next.
    ws.addEventListener('error', () => {});
    ws.addEventListener('close', (event) => {
      if (socket !== ws) return;
      socket = null;
      failSent();
      if (finished) return;
      if (event.code === CLOSE_BAD_SECRET) {
        // A new secret only comes with a new run of serve: retrying would fail forever.
        finish(BAD_SECRET_PROBLEM);
        return;
      }
      connection.set('connecting');
      const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt) * (0.75 + Math.random() * 0.5);
      attempt += 1;
      reconnectTimer = setTimeout(connect, delay);
    });
  }

  function transmit(ws: WebSocketLike, request: Pending): void {
    request.sent = true;
    ws.send(request.frame);
  }

  /** Calls sent on a socket that died may or may not have run: fail them rather than send them twice. */
  function failSent(): void {
    for (const [id, request] of pending) {
      if (!request.sent) continue;
      settle(id)?.reject(new ConsoleError('unreachable', 'The connection to Fieldlink dropped before it answered. Check the result, then try again.'));
    }
  }

  function settle(id: number): Pending | undefined {
    const request = pending.get(id);
    if (!request) return undefined;
    pending.delete(id);
    clearTimeout(request.timer);
    return request;
  }

  function onFrame(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    if ('event' in frame) {
      if (!isEventName(frame.event)) return;
      for (const listener of [...(listeners.get(frame.event) ?? [])]) {
        try {
          (listener as (payload: unknown) => void)(frame.payload);
        } catch (err) {
          // One broken listener must not starve the others of events.
          console.error(err);
        }
      }
      return;
    }
    if (typeof frame.id !== 'number') return;
    const request = settle(frame.id);
    if (!request) return;
    try {
      request.resolve(unwrap(frame.envelope));
    } catch (err) {
      request.reject(err);
    }
  }

  function call(command: CommandName, input: unknown): Promise<unknown> {
    if (finished) {
      return Promise.reject(new ConsoleError('unreachable', connection.get().problem ?? 'The connection to Fieldlink is closed.'));
    }
    const id = nextId++;
    const frameObject: RequestFrame = { id, command, input: input ?? {} };
    const frame = JSON.stringify(frameObject);
    // The server would drop the whole connection for an oversized frame; refuse just this call instead.
    if (frame.length * 3 > MAX_MESSAGE_BYTES && new TextEncoder().encode(frame).length > MAX_MESSAGE_BYTES) {
      return Promise.reject(new ConsoleError('invalid-input', 'The request is too large to send.'));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        settle(id)?.reject(new ConsoleError('timeout', 'Fieldlink did not answer in time. Check the result, then try again.'));
      }, timeoutMs);
      const request: Pending = { frame, sent: false, resolve, reject, timer };
      pending.set(id, request);
      // While reconnecting the call waits in `pending` and goes out on 'open'.
      if (socket && socket.readyState === OPEN) transmit(socket, request);
    });
  }

  function finish(problem: string | null): void {
    finished = true;
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    for (const id of [...pending.keys()]) {
      settle(id)?.reject(new ConsoleError('unreachable', problem ?? 'The connection to Fieldlink is closed.'));
    }
    connection.set('disconnected', problem);
  }

  const api = Object.fromEntries(commandNames.map((name) => [name, (input: unknown) => call(name, input)])) as Record<string, unknown>;
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener as (payload: never) => void);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  };

  connect();

  return {
    api: api as unknown as ConsoleApi,
    connection,
    close() {
      if (finished) return;
      finish(null);
      const ws = socket;
      socket = null;
      ws?.close(1000, 'closed by the page');
    },
  };
}
