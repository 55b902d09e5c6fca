// The main-process half of the console API: one ipcMain handler per contract command, each answering the envelope
// dispatch() makes (Electron flattens thrown errors, so errors travel as data), and every core event forwarded to
// the console window. Channels come from shared/contract.ts; none is listed here, but for the preload's one
// message that is not a command: "the user chose this file" (CHOSEN_FILE_CHANNEL), which feeds the path gate.
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { commandNames, eventNames, ipcChannel, type DesktopHandlers, type Envelope, type EventSource, type Handlers } from '../shared/contract';
import { dispatch } from '../shared/dispatch';
import { checkChosenPaths, type ChosenFiles, type ConfirmTypedPaths } from './shell/chosen-files';
import { CHOSEN_FILE_CHANNEL } from './shell/preload-api';
import { checkSender, type SenderPolicy } from './shell/sender';

export interface IpcLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface IpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler' | 'on' | 'removeListener'>;
  core: { handlers: Handlers } & EventSource;
  /** The console window's WebContents, or null when it is not open. Read on every call: windows come and go. */
  mainWebContents: () => WebContents | null;
  appOrigins: readonly string[];
  log: IpcLogger;
  /** Local paths the page may have the core read: only those the user chose in this session. */
  files: { chosen: ChosenFiles; confirmTyped: ConfirmTypedPaths };
  /** The desktop-only commands (windows, dialogs), answered here in the main process rather than by the core. */
  desktop?: DesktopHandlers;
}

const REFUSED: Envelope<never> = {
  ok: false,
  error: { code: 'refused', message: 'This page is not allowed to use Fieldlink.' },
};

/** Registers every handler and event forwarder; the returned function removes them all. */
export function registerIpc(options: IpcOptions): () => void {
  const { ipcMain, core, log } = options;
  // Without `desktop` (tests, an older shell) dispatch answers the desktop-only commands 'unsupported'.
  const handlers: Handlers = { ...core.handlers, ...options.desktop };

  const policy = (): SenderPolicy => ({ mainWebContentsId: options.mainWebContents()?.id ?? null, appOrigins: options.appOrigins });
  /** True when the message comes from the console window's top frame; logs and says false otherwise. */
  const fromConsole = (event: IpcMainInvokeEvent | IpcMainEvent, what: string): boolean => {
    const frame = event.senderFrame;
    const verdict = checkSender({ webContentsId: event.sender.id, frame: frame ? { url: frame.url, isTop: frame.parent === null } : null }, policy());
    // The URL is the page's, not a secret; cut short so a crafted one cannot flood the log.
    if (!verdict.ok) log.warn(`Refused ${what} from a foreign sender (${verdict.reason}).`, { url: frame?.url.slice(0, 200) ?? null });
    return verdict.ok;
  };

  for (const name of commandNames) {
    ipcMain.handle(ipcChannel.command(name), async (event: IpcMainInvokeEvent, input: unknown) => {
      if (!fromConsole(event, name)) return REFUSED;
      // The core gets the resolved paths the gate checked, never the page's own strings.
      const gate = await checkChosenPaths(name, input, options.files.chosen, options.files.confirmTyped);
      if (!gate.ok) {
        log.warn(`Refused ${name}: a path the user did not choose in this session.`);
        return { ok: false, error: gate.error } satisfies Envelope<never>;
      }
      return dispatch(handlers, name, gate.input, (err) => log.error(`${name} failed unexpectedly.`, { error: err }));
    });
  }

  const onChosenFile = (event: IpcMainEvent, file: unknown) => {
    if (!fromConsole(event, 'a chosen file')) return;
    // add() never rejects: a path it cannot resolve is kept as normalised.
    void options.files.chosen.add(file);
  };
  ipcMain.on(CHOSEN_FILE_CHANNEL, onChosenFile);

  const unsubscribers = eventNames.map((name) =>
    core.on(name, (payload) => {
      const contents = options.mainWebContents();
      if (contents && !contents.isDestroyed()) contents.send(ipcChannel.event(name), payload);
    }),
  );

  return () => {
    for (const name of commandNames) ipcMain.removeHandler(ipcChannel.command(name));
    ipcMain.removeListener(CHOSEN_FILE_CHANNEL, onChosenFile);
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
