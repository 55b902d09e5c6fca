// Sites in the browser: a technician works on site alpha (two hosts trusted and signed in), makes site bravo and
// works there, then goes back to alpha. Alpha's hosts are neither shown nor contacted while bravo is open: each host
// is reached through a counting relay on 127.0.0.1, so "not contacted" is measured, not assumed. Back on alpha, its
// hosts are trusted and signed in as they were left, with no new trust and no new password.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServe, type ServeHandle } from '../../electron/serve';
import { waitFor } from '../../electron/test-kit/core/wait';
import { startSite, type Site, type SiteHost } from '../../simulator/site';
import { ConsolePage } from './console-page';
import { PASSWORD, USER, WAIT } from './setup-site';
import { CHROMIUM_PATH, chromiumArgs } from '../chromium';

// Evaluated through the DevTools protocol, as in accessibility.test.ts: the page's CSP refuses an injected <script>.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious or critical axe-core findings on the page as it is now (the site menu, the New site dialog, in dark). */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; nodes: { html: string }[] }[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(', ')}`);
  });
}

/** A TCP relay in front of one host: counts what the console sends it (TLS passes through, the pin is the host's). */
interface Relay {
  address: string;
  /** Data chunks the console sent through the relay so far. */
  sent(): number;
  close(): Promise<void>;
}

async function relayTo(host: SiteHost): Promise<Relay> {
  let sent = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const outbound = net.connect(host.port, host.address);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    inbound.on('data', () => sent++);
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    sent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('sites in the browser', () => {
  let site: Site;
  let serve: ServeHandle;
  let browser: Browser;
  let page: Page;
  let ui: ConsolePage;
  let stateDir: string;
  const relays: Relay[] = [];
  let alpha1: Relay, alpha2: Relay, bravo1: Relay;

  const siteButton = (name: string) => page.getByRole('button', { name: `Site: ${name}. Switch site` });

  async function addAndTrust(relay: Relay, host: SiteHost): Promise<void> {
    await ui.addHost(relay.address);
    await ui.trust(relay.address, host.fingerprint);
  }

  beforeAll(async () => {
    site = await startSite({
      hosts: 3,
      mdnsInterface: false,
      linkStepMs: 100,
      heartbeatSec: 1,
      site: [{ name: 'alpha-1' }, { name: 'alpha-2' }, { name: 'bravo-1' }],
    });
    for (const h of site.hosts) relays.push(await relayTo(h));
    [alpha1, alpha2, bravo1] = relays as [Relay, Relay, Relay];
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-e2e-sites-'));
    serve = await startServe({
      port: 0,
      stateDir,
      site: 'alpha',
      discovery: false,
      rendererDir: inject('rendererDir'),
      logger: { warn: () => {}, error: () => {} },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
    const context = await browser.newContext({ viewport: { width: 1500, height: 1000 }, colorScheme: 'dark' });
    page = await context.newPage();
    ui = new ConsolePage(page);
    await page.goto(serve.url);
  });

  afterAll(async () => {
    // Best effort on the way out: whatever fails to stop, the rest is stopped and the folder removed all the same.
    await browser?.close().catch(() => {});
    await serve?.close().catch(() => {}); // as above
    for (const r of relays) await r.close();
    await site?.stop().catch(() => {}); // as above
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('works on site alpha: two hosts trusted and signed in', async () => {
    await siteButton('alpha').waitFor({ timeout: WAIT });
    await addAndTrust(alpha1, site.hosts[0]!);
    await addAndTrust(alpha2, site.hosts[1]!);
    await ui.setSiteCredentials(USER, PASSWORD);
    await ui.waitForRole('alpha-1', 'standalone');
    await ui.waitForRole('alpha-2', 'standalone');
    // The console reaches alpha's hosts through the relays (so their silence later means something).
    const before = alpha1.sent() + alpha2.sent();
    await waitFor(() => alpha1.sent() + alpha2.sent() > before, { timeoutMs: WAIT, what: 'the console polling alpha through the relays' });
  });

  it('makes site bravo from the site menu: alpha hosts leave the screen and are not contacted', async () => {
    // By keyboard, in the dark scheme this page uses: the menu opens on Enter and lists alpha with its two hosts.
    await siteButton('alpha').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: /^alpha\s*,\s*2 hosts\s*,\s*current site$/ }).waitFor({ timeout: WAIT });
    // Checked once the menu has faded in: half-way through, every colour is half as strong.
    await page.waitForFunction(() => getComputedStyle(document.querySelector('[role="menu"]')!).opacity === '1');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('menuitem', { name: 'New site…' }).click();
    const dialog = ui.dialog('New site');
    await dialog.getByRole('textbox', { name: 'Site name' }).fill('Bravo');
    await page.waitForFunction(() => [...document.querySelectorAll('.mantine-Modal-content')].every((e) => getComputedStyle(e).opacity === '1'));
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Create and switch' }).click();
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    await siteButton('bravo').waitFor({ timeout: WAIT });
    await page.getByRole('button', { name: 'Add host by address' }).waitFor({ timeout: WAIT });
    expect(await ui.card('alpha-1').count()).toBe(0);
    expect(await ui.card('alpha-2').count()).toBe(0);
    // Bravo has no password yet: the header asks for one.
    await page.getByRole('button', { name: 'Site credentials' }).waitFor({ timeout: WAIT });
    const alphaHeard = alpha1.sent() + alpha2.sent();

    await addAndTrust(bravo1, site.hosts[2]!);
    await ui.setSiteCredentials(USER, PASSWORD);
    await ui.waitForRole('bravo-1', 'standalone');
    // Several polls of bravo's host go by while alpha's hosts hear nothing at all.
    const bravoHeard = bravo1.sent();
    await waitFor(() => bravo1.sent() >= bravoHeard + 3, { timeoutMs: 60_000, what: 'three more polls of bravo-1' });
    expect(alpha1.sent() + alpha2.sent()).toBe(alphaHeard);
    expect(await ui.card('alpha-1').count()).toBe(0);
  });

  it('goes back to alpha: its hosts are trusted and signed in as before, bravo hosts are gone', async () => {
    await siteButton('bravo').click();
    const menu = page.getByRole('menu');
    await menu.getByRole('menuitem', { name: /^bravo\s*,\s*1 host\s*,\s*current site$/ }).waitFor({ timeout: WAIT });
    await menu.getByRole('menuitem', { name: /^alpha\s*,\s*2 hosts$/ }).click();
    await siteButton('alpha').waitFor({ timeout: WAIT });
    for (const name of ['alpha-1', 'alpha-2']) {
      const card = await ui.waitForRole(name, 'standalone');
      expect(await card.getByRole('button', { name: /^Trust certificate of / }).count()).toBe(0);
    }
    expect(await ui.card('bravo-1').count()).toBe(0);
    await page.getByRole('button', { name: `Site login: ${USER}` }).waitFor({ timeout: WAIT });
    expect(ui.problems).toEqual([]);
  });
});
