// The console window's preload (sandboxed: it can require only 'electron'; Vite bundles the rest). It exposes one
// object, `window.fieldlink`: one method per contract command, `on(event, listener)`, and `getPathForFile(file)`
// (which also tells the main process that the user chose that file: uploads accept no other path).
// The names come from shared/contract.ts; vite.preload.config.ts swaps that module for its name lists at build time
// so the schemas and zod stay out of the page's process (validation happens in the main process).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { commandNames, eventNames, ipcChannel } from '../shared/contract';
import { createIsolatedBridge, exposeConsoleApi } from './shell/preload-api';

const names = { commandNames, eventNames, channel: ipcChannel };
const bridge = createIsolatedBridge(ipcRenderer, names, (file) => webUtils.getPathForFile(file as File));
exposeConsoleApi(contextBridge, bridge, names);
