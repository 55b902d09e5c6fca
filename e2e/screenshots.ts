// `npm run screenshots`: the README's pictures, taken from a real simulated site rather than drawn. A 10-host site
// (one leader and nine followers, the issue-13 site that must fit one 1440×900 screen) as cards in light and dark,
// and a 50-host group as a topology.
// The CLI links the hosts (as a technician could before opening the window); the page only signs in and shows them.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { startServe } from '../electron/serve';
import { startSite } from '../simulator/site';
import { ConsolePage, WAIT } from './browser/console-page';
import { CHROMIUM_PATH, chromiumArgs } from './chromium';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'docs');

async function shoot(hosts: number, followers: number, take: (ui: ConsolePage, names: string[]) => Promise<void>): Promise<void> {
  const site = await startSite({ hosts, mdnsInterface: false, linkStepMs: 50, heartbeatSec: 1 });
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-shots-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
  let serve: Awaited<ReturnType<typeof startServe>> | null = null;
  try {
    const [leader, ...rest] = site.hosts.map((h) => `${h.address}:${h.port}`);
    const env = { ...process.env, FIELDLINK_USER: 'kairos', FIELDLINK_PASSWORD: 'kairos', FIELDLINK_STATE_DIR: stateDir };
    await run(process.execPath, [path.join(root, 'bin/fieldlink.mjs'), '--trust-new', 'link', '--leader', leader!, ...rest.slice(0, followers)], { env });
    // The standalone hosts are added and trusted the same way, without linking.
    for (const address of rest.slice(followers)) await run(process.execPath, [path.join(root, 'bin/fieldlink.mjs'), '--trust-new', 'status', address], { env });
    serve = await startServe({ port: 0, stateDir, discovery: false, logger: { warn: () => {}, error: () => {} } });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(serve.url);
    const ui = new ConsolePage(page);
    await ui.setSiteCredentials('kairos', 'kairos');
    const names = site.hosts.map((h) => h.name);
    await ui.waitForRole(names[0]!, 'leader');
    // Cards off screen are not drawn: the summary says when every follower is known as one.
    await page.getByLabel(`Followers: ${followers}`, { exact: true }).waitFor({ timeout: WAIT });
    await take(ui, names);
  } finally {
    await browser.close();
    await serve?.close();
    await site.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

await shoot(10, 9, async (ui) => {
  await ui.theme('Light');
  await ui.screenshot(path.join(out, 'screenshot-cards-light.png'));
  await ui.theme('Dark');
  await ui.screenshot(path.join(out, 'screenshot-cards-dark.png'));
});
await shoot(50, 49, async (ui) => {
  await ui.theme('Dark');
  await ui.view('Topology');
  await ui.page
    .getByRole('img', { name: /topology/i })
    .or(ui.page.locator('.react-flow'))
    .first()
    .waitFor({ timeout: WAIT });
  await ui.page.waitForTimeout(1500); // the graph fits its view in an animation; a still picture wants its end
  await ui.screenshot(path.join(out, 'screenshot-topology-dark.png'));
});
console.log(`screenshots written to ${path.relative(process.cwd(), out)}/`);
