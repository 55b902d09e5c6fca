// What `require('electron')` gives electron/preload.ts when the desktop-bridge layer bundles it for Chromium:
// the faithful contextBridge stand-in on the page's window, an ipcRenderer that reaches the real core over the local
// bridge, and a webUtils that finds no path (a browser page's File has none).
//
// executeInMainWorld sends a function as source text. The page's CSP forbids eval, so the init script evaluates
// each such text once at its top level (global scope, no closure: exactly what the main world would see) and the
// stand-in's compile picks the one whose text matches. A text without a match fails, as a function that does not
// survive serialization would in Electron.
import { createContextBridgeStandIn, type Compile } from '../../electron/shell/testing/context-bridge-standin';
import type { RendererIpc } from '../../electron/shell/preload-api';
import { createIpcOverWs } from './ipc-over-ws';

interface DesktopBridgeConfig {
  secret: string;
  /** Functions the init script evaluated from the preload's main-world sources. */
  mainWorldFunctions?: Array<(...args: unknown[]) => unknown>;
  /** Set only while the harness records which sources the preload sends (in Node, before the page exists). */
  recordSource?: (source: string) => void;
}

const config = (globalThis as { __fieldlinkDesktopBridge?: DesktopBridgeConfig }).__fieldlinkDesktopBridge;
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

// Opened on first use, so recording the sources in Node needs no WebSocket.
let ipc: RendererIpc | null = null;
const transport = (): RendererIpc => (ipc ??= createIpcOverWs(globalThis.location, config.secret));

export const ipcRenderer: RendererIpc = {
  invoke: (channel, ...args) => transport().invoke(channel, ...args),
  send: (channel, ...args) => transport().send(channel, ...args),
  on: (channel, listener) => transport().on(channel, listener),
  removeListener: (channel, listener) => transport().removeListener(channel, listener),
};

export const webUtils = { getPathForFile: (_file: unknown): string => '' };
