// The browser stack of e2e/browser/stack.ts, as the desktop app would show it: the built renderer is opened
// WITHOUT the bridge's secret in its address, so it can only use `window.fieldlink`, which the real preload builds
// through the contextBridge stand-in before the page's scripts run. Under the preload, its ipcRenderer reaches the
// real core over the local bridge of `serve`.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServe } from '../../electron/serve';
import { startSite, type StartSiteOptions } from '../../simulator/site';
import { ConsolePage } from '../browser/console-page';
import { chromiumArgs, type Stack } from '../browser/stack';
import { buildDesktopPreloadScript } from './preload-script';

export async function startDesktopStack(site: Partial<StartSiteOptions>): Promise<Stack> {
  const simulated = await startSite({ hosts: 3, mdnsInterface: false, linkStepMs: 100, heartbeatSec: 1, ...site });
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-desktop-bridge-'));
  const serve = await startServe({ port: 0, stateDir, discovery: false, logger: { warn: () => {}, error: () => {} } });
  const preload = await buildDesktopPreloadScript(serve.secret);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: chromiumArgs });
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 }, colorScheme: 'light' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  await page.addInitScript({ content: preload });
  // The address without #secret=…: the page has no way to the core but the preload's API.
  await page.goto(new URL('/', serve.url).href);
  return {
    site: simulated,
    serve,
    browser,
    context,
    page,
    ui: new ConsolePage(page),
    problems,
    async close() {
      // Teardown closes every part even when one fails to; such a failure cannot change a test's verdict.
      for (const part of [() => browser.close(), () => serve.close(), () => simulated.stop()]) {
        await part().catch(() => {}); // see above: teardown only
      }
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
