// One end-to-end stack: a simulated site, the console core behind `serve` (WebSocket bridge), and a headless
// Chromium page on the printed address. Discovery stays off: mDNS on this machine's loopback is shared with other
// test runs, so hosts are added by address, as a technician does when multicast is blocked.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { startServe, type ServeHandle } from '../../electron/serve';
import { startSite, type Site, type StartSiteOptions } from '../../simulator/site';
import { CHROMIUM_PATH, chromiumArgs } from '../chromium';
import { ConsolePage } from './console-page';

export interface Stack {
  site: Site;
  serve: ServeHandle;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  ui: ConsolePage;
  /** Everything the page printed as an error, and a crash (ConsolePage.problems). */
  problems: string[];
  close(): Promise<void>;
}

export interface StackOptions {
  site?: Partial<StartSiteOptions>;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const site = await startSite({ hosts: 4, mdnsInterface: false, linkStepMs: 100, heartbeatSec: 1, ...options.site });
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-e2e-'));
  const serve = await startServe({ port: 0, stateDir, discovery: false, rendererDir: inject('rendererDir'), logger: { warn: () => {}, error: () => {} } });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1500, height: 1000 }, colorScheme: options.colorScheme ?? 'light' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(serve.url).origin });
  const page = await context.newPage();
  const ui = new ConsolePage(page);
  await page.goto(serve.url);
  return {
    site,
    serve,
    browser,
    context,
    page,
    ui,
    problems: ui.problems,
    async close() {
      // Tear-down goes on past a part that is already gone, so the rest is still stopped.
      await browser.close().catch(() => {});
      await serve.close().catch(() => {}); // already closed by a test that stopped it
      await site.stop().catch(() => {}); // already stopped by a test that took a host down
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
