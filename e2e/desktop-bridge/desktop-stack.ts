// The browser stack of e2e/browser/stack.ts, as the desktop app would show it: the built renderer is opened
// WITHOUT the bridge's secret in its address, so it can only use `window.fieldlink`, which the real preload builds
// through the contextBridge stand-in before the page's scripts run. Under the preload, its ipcRenderer reaches the
// real registerIpc (sender check, chosen-file gate) and the real core in this process (ipc-main-bridge.ts); `serve`
// only serves the built renderer.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { inject } from 'vitest';
import { createConsoleCore, MemoryVault } from '../../electron/core/index';
import { startServe } from '../../electron/serve';
import { startSite, type StartSiteOptions } from '../../simulator/site';
import { ConsolePage } from '../browser/console-page';
import type { Stack } from '../browser/stack';
import { CHROMIUM_PATH, chromiumArgs } from '../chromium';
import { connectIpcMain, type IpcMainBridge } from './ipc-main-bridge';
import { buildDesktopPreloadScript } from './preload-script';

export interface DesktopStack extends Stack {
  /** The main-process half: what the chosen-file gate asked and what the IPC layer logged. */
  ipcMain: IpcMainBridge;
}

export async function startDesktopStack(site: Partial<StartSiteOptions>): Promise<DesktopStack> {
  const simulated = await startSite({ hosts: 3, mdnsInterface: false, linkStepMs: 100, heartbeatSec: 1, ...site });
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-desktop-bridge-'));
  const core = await createConsoleCore({
    stateDir,
    vault: new MemoryVault(),
    bridge: 'electron',
    discovery: false,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  });
  const serve = await startServe({ port: 0, core, rendererDir: inject('rendererDir'), logger: { warn: () => {}, error: () => {} } });
  const preload = await buildDesktopPreloadScript();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 }, colorScheme: 'light' });
  const page = await context.newPage();
  const ui = new ConsolePage(page);
  const origin = new URL(serve.url).origin;
  const ipcMain = await connectIpcMain(page, core, origin);
  await page.addInitScript({ content: preload });
  // The address without #secret=…: the page has no way to the core but the preload's API.
  await page.goto(`${origin}/`);
  return {
    site: simulated,
    serve,
    browser,
    context,
    page,
    ui,
    problems: ui.problems,
    ipcMain,
    async close() {
      // Teardown closes every part even when one fails to; such a failure cannot change a test's verdict.
      ipcMain.dispose();
      for (const part of [() => browser.close(), () => serve.close(), () => core.close(), () => simulated.stop()]) {
        await part().catch(() => {}); // see above: teardown only
      }
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
