// What `require('electron')` gives electron/preload.ts when the desktop-bridge layer bundles it for Chromium:
// the faithful contextBridge stand-in on the page's window, an ipcRenderer that reaches the real registerIpc and
// core in the test's Node process (ipc-main-bridge.ts), and a webUtils that knows where the test's files live.
//
// executeInMainWorld sends a function as source text. The page's CSP forbids eval, so the init script evaluates
// each such text once at its top level (global scope, no closure: exactly what the main world would see) and the
// stand-in's compile picks the one whose text matches. A text without a match fails, as a function that does not
// survive serialization would in Electron.
import { createContextBridgeStandIn, type Compile } from '../../electron/test-kit/shell/context-bridge-standin';
import type { RendererIpc } from '../../electron/shell/preload-api';

interface DesktopBridgeConfig {
  /** Functions the init script evaluated from the preload's main-world sources. */
  mainWorldFunctions?: Array<(...args: unknown[]) => unknown>;
  /** Set only while the harness records which sources the preload sends (in Node, before the page exists). */
  recordSource?: (source: string) => void;
}

type Listener = (event: unknown, ...args: unknown[]) => void;

/** The Playwright bindings ipc-main-bridge.ts installs, and the test's table of where picked files live. */
interface HarnessGlobals {
  __fieldlinkDesktopBridge?: DesktopBridgeConfig;
  __fieldlinkIpcInvoke?: (channel: string, ...args: unknown[]) => Promise<unknown>;
  __fieldlinkIpcSend?: (channel: string, ...args: unknown[]) => Promise<unknown>;
  __fieldlinkIpcDeliver?: (channel: string, payload: unknown) => void;
  /** File name -> path on disk, set by a test before it picks the file: what the OS would know about a picked File. */
  __fieldlinkPickedFilePaths?: Record<string, string>;
}

const harness = globalThis as HarnessGlobals;
const config = harness.__fieldlinkDesktopBridge;
if (!config) throw new Error('The desktop-bridge init script ran without its configuration; build it with buildDesktopPreloadScript().');

const compile: Compile = (source) => {
  if (config.recordSource) {
    config.recordSource(source);
    return () => undefined;
  }
  const match = config.mainWorldFunctions?.find((fn) => Function.prototype.toString.call(fn) === source);
  if (!match) throw new Error('executeInMainWorld was given a function the desktop-bridge init script did not prepare.');
  return match;
};

export const contextBridge = createContextBridgeStandIn({ mainWorld: globalThis, compile });

const listeners = new Map<string, Set<Listener>>();
// webContents.send from the main process: each listener gets an event without `sender`, as the preload expects.
harness.__fieldlinkIpcDeliver = (channel, payload) => {
  for (const listener of [...(listeners.get(channel) ?? [])]) listener({ sender: null }, payload);
};

export const ipcRenderer: RendererIpc = {
  invoke: (channel, ...args) => {
    const invoke = harness.__fieldlinkIpcInvoke;
    return invoke ? invoke(channel, ...args) : Promise.reject(new Error('The desktop-bridge main process is not connected.'));
  },
  send: (channel, ...args) => {
    // ipcRenderer.send is fire-and-forget, as in Electron: nothing answers it.
    void harness.__fieldlinkIpcSend?.(channel, ...args);
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

/** A browser File has no path; the test says where the file it picked lives, as the OS does for Electron. */
export const webUtils = {
  getPathForFile: (file: unknown): string => {
    const name = (file as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? (harness.__fieldlinkPickedFilePaths?.[name] ?? '') : '';
  },
};
