// A stand-in for Electron's ipcRenderer that reaches the real console core over the local bridge of `npm run serve`
// (shared/ws-protocol.ts): invoke(command channel) answers the core's envelope, as ipcMain.handle + dispatch() do in
// the app, and each core event reaches the listeners of its event channel. Runs in the page (bundled into the
// desktop-bridge init script), under the real preload code.
import { commandNames, eventNames, ipcChannel, type CommandName } from '../../shared/contract';
import { SECRET_PROTOCOL_PREFIX, SUBPROTOCOL, WS_PATH } from '../../shared/ws-protocol';
import type { RendererIpc } from '../../electron/shell/preload-api';

type Listener = (event: unknown, ...args: unknown[]) => void;

export interface IpcOverWs extends RendererIpc {
  /** What the preload sent with ipcRenderer.send (the app's main process would register chosen files). */
  readonly sent: Array<{ channel: string; args: unknown[] }>;
}

export function createIpcOverWs(location: { protocol: string; host: string }, secret: string): IpcOverWs {
  const commandByChannel = new Map<string, CommandName>(commandNames.map((name) => [ipcChannel.command(name), name]));
  const channelByEvent = new Map<string, string>(eventNames.map((name) => [name, ipcChannel.event(name)]));
  const listeners = new Map<string, Set<Listener>>();
  const pending = new Map<number, { resolve(envelope: unknown): void; reject(err: Error): void }>();
  const queue: string[] = [];
  const sent: IpcOverWs['sent'] = [];
  let nextId = 1;
  let closed = false;

  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${location.host}${WS_PATH}`, [SUBPROTOCOL, SECRET_PROTOCOL_PREFIX + secret]);
  socket.addEventListener('open', () => {
    for (const frame of queue.splice(0)) socket.send(frame);
  });
  socket.addEventListener('close', () => {
    closed = true;
    // As ipcRenderer.invoke rejects when the main process is gone: the preload turns it into its own words.
    for (const call of pending.values()) call.reject(new Error('The desktop-bridge transport closed.'));
    pending.clear();
  });
  socket.addEventListener('message', (message: MessageEvent) => {
    const frame = JSON.parse(String(message.data)) as { id?: number; envelope?: unknown; event?: string; payload?: unknown };
    if (typeof frame.event === 'string') {
      const channel = channelByEvent.get(frame.event);
      for (const listener of channel ? [...(listeners.get(channel) ?? [])] : []) listener({ sender: null }, frame.payload);
      return;
    }
    if (typeof frame.id === 'number') {
      pending.get(frame.id)?.resolve(frame.envelope);
      pending.delete(frame.id);
    }
  });

  return {
    sent,
    invoke(channel, input) {
      const command = commandByChannel.get(channel);
      if (!command) return Promise.reject(new Error(`No handler registered for '${channel}'`));
      if (closed) return Promise.reject(new Error('The desktop-bridge transport closed.'));
      const id = nextId++;
      const frame = JSON.stringify({ id, command, input });
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (socket.readyState === WebSocket.OPEN) socket.send(frame);
        else queue.push(frame);
      });
    },
    send(channel, ...args) {
      sent.push({ channel, args });
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(channel, set);
      return this;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return this;
    },
  };
}
