// The app's main-process half for the desktop-bridge layer: the REAL registerIpc (electron/ipc.ts, with its sender
// check and chosen-file gate) on a stand-in ipcMain, in Node, over the real core. The page's ipcRenderer stand-in
// (electron-module.ts) reaches it through two Playwright bindings, as the preload reaches ipcMain in the app:
// `__fieldlinkIpcInvoke` (ipcRenderer.invoke) and `__fieldlinkIpcSend` (ipcRenderer.send: "the user chose this
// file"). Core events come back through `__fieldlinkIpcDeliver` in the page (webContents.send).
import type { Frame, Page } from 'playwright-core';
import type { EventSource, Handlers } from '../../shared/contract';
import { registerIpc } from '../../electron/ipc';
import { ChosenFiles, type TypedPathAnswer } from '../../electron/shell/chosen-files';

type Handler = (event: unknown, ...args: unknown[]) => unknown;
/** What Playwright tells a binding about its caller. */
type BindingSource = { frame: Frame };

export interface IpcMainBridge {
  /** Paths the gate asked the user about (the stand-in user always refuses typed paths). */
  readonly askedAbout: string[][];
  /** Lines the IPC layer logged (refusals among them). */
  readonly logged: string[];
  dispose(): void;
}

/** The WebContents id the console window has here; any other sender is foreign. */
const CONSOLE_ID = 1;

export async function connectIpcMain(page: Page, core: { handlers: Handlers } & EventSource, appOrigin: string): Promise<IpcMainBridge> {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Handler>();
  const askedAbout: string[][] = [];
  const logged: string[] = [];
  const contents = {
    id: CONSOLE_ID,
    isDestroyed: () => page.isClosed(),
    send: (channel: string, payload: unknown) => {
      // Delivered in order (one DevTools call after the other); a page that is gone simply misses it.
      page
        .evaluate(([c, p]) => (globalThis as { __fieldlinkIpcDeliver?: (c: string, p: unknown) => void }).__fieldlinkIpcDeliver?.(c, p), [
          channel,
          payload,
        ] as const)
        .catch(() => undefined);
    },
  };
  const dispose = registerIpc({
    ipcMain: {
      handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel),
      on: (channel: string, listener: Handler) => void listeners.set(channel, listener),
      removeListener: (channel: string) => void listeners.delete(channel),
    } as never,
    core,
    mainWebContents: () => contents as never,
    appOrigins: [appOrigin],
    log: { warn: (m) => logged.push(m), error: (m) => logged.push(m) },
    files: {
      chosen: new ChosenFiles(),
      confirmTyped: async (paths): Promise<TypedPathAnswer> => {
        askedAbout.push(paths);
        return 'refuse';
      },
    },
  });
  // What Electron tells ipcMain about the sender: its WebContents and frame.
  const eventFrom = (source: BindingSource) => ({
    sender: { id: CONSOLE_ID },
    senderFrame: { url: source.frame.url(), parent: source.frame.parentFrame() },
  });
  await page.exposeBinding('__fieldlinkIpcInvoke', async (source, channel: string, input: unknown) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(eventFrom(source), input);
  });
  await page.exposeBinding('__fieldlinkIpcSend', (source, channel: string, ...args: unknown[]) => {
    listeners.get(channel)?.(eventFrom(source), ...args);
  });
  return { askedAbout, logged, dispose };
}
