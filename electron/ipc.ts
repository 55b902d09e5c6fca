// The main-process half of the console API: one ipcMain handler per contract command, each answering the envelope
// dispatch() makes (Electron flattens thrown errors, so errors travel as data), and every core event forwarded to
// the console window. Channels come from shared/contract.ts; none is listed here.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { commandNames, eventNames, ipcChannel, type Envelope, type EventSource, type Handlers } from '../shared/contract';
import { dispatch } from '../shared/dispatch';
import { checkSender, type SenderPolicy } from './shell/sender';

export interface IpcLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface IpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  core: { handlers: Handlers } & EventSource;
  /** The console window's WebContents, or null when it is not open. Read on every call: windows come and go. */
  mainWebContents: () => WebContents | null;
  appOrigins: readonly string[];
  log: IpcLogger;
}

const REFUSED: Envelope<never> = {
  ok: false,
  error: { code: 'refused', message: 'This page is not allowed to use Fieldlink.' },
};

/** Registers every handler and event forwarder; the returned function removes them all. */
export function registerIpc(options: IpcOptions): () => void {
  const { ipcMain, core, log } = options;

  const policy = (): SenderPolicy => ({ mainWebContentsId: options.mainWebContents()?.id ?? null, appOrigins: options.appOrigins });

  for (const name of commandNames) {
    ipcMain.handle(ipcChannel.command(name), async (event: IpcMainInvokeEvent, input: unknown) => {
      const frame = event.senderFrame;
      const verdict = checkSender(
        { webContentsId: event.sender.id, frame: frame ? { url: frame.url, isTop: frame.parent === null } : null },
        policy(),
      );
      if (!verdict.ok) {
        // The URL is the page's, not a secret; cut short so a crafted one cannot flood the log.
        log.warn(`Refused ${name} from a foreign sender (${verdict.reason}).`, { url: frame?.url.slice(0, 200) ?? null });
        return REFUSED;
      }
      return dispatch(core.handlers, name, input, (err) => log.error(`${name} failed unexpectedly.`, { error: err }));
    });
  }

  const unsubscribers = eventNames.map((name) =>
    core.on(name, (payload) => {
      const contents = options.mainWebContents();
      if (contents && !contents.isDestroyed()) contents.send(ipcChannel.event(name), payload);
    }),
  );

  return () => {
    for (const name of commandNames) ipcMain.removeHandler(ipcChannel.command(name));
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
