// `npm run demo` as a newcomer runs it: its script (node --import tsx scripts/demo.ts) in a process group of its own,
// the console address it prints opened in Chromium, then Ctrl+C. The demo must open on its own site, in a temporary
// folder that is not the user's Fieldlink state, show the hosts it printed with the fingerprints it printed, and
// leave nothing behind.
// Loopback mDNS is shared with other tests running at the same time, so only the demo's own hosts (by the addresses
// and fingerprints it printed) are looked for; other hosts on the page are ignored.
import { spawn, type ChildProcess } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultStateDir } from '../../electron/bridge/run-options';
import { waitFor } from '../../electron/test-kit/core/wait';
import { WAIT } from './console-page';
import { CHROMIUM_PATH, chromiumArgs } from '../chromium';

const repo = fileURLToPath(new URL('../../', import.meta.url));
/** Starting tsx, the simulated site and the console on a loaded two-core machine. */
const START_CEILING = 60_000;
const STOP_CEILING = 20_000;

interface DemoHost {
  name: string;
  /** 127.0.0.1:port, as the console shows it. */
  address: string;
  fingerprint: string;
}

interface DemoOutput {
  url: string;
  stateDir: string;
  siteDir: string;
  hosts: DemoHost[];
}

/** What the demo printed once it is ready, or null while it is still starting. */
function parseDemo(out: string): DemoOutput | null {
  if (!out.includes('Ctrl+C stops')) return null;
  const url = /^Console: open (http:\/\/\S+)$/m.exec(out)?.[1];
  const stateDir = /^Demo console state \(temporary\): (.+)$/m.exec(out)?.[1];
  const siteDir = /^Simulated hosts' data \(temporary\): (.+)$/m.exec(out)?.[1];
  const hosts = [...out.matchAll(/^ {2}(\S+)\s+https:\/\/(127\.0\.0\.1:\d+)\s+([0-9A-F]{2}(?::[0-9A-F]{2}){31})$/gm)].map(([, name, address, fingerprint]) => ({
    name: name!,
    address: address!,
    fingerprint: fingerprint!,
  }));
  if (!url || !stateDir || !siteDir || hosts.length === 0)
    throw new Error(`the demo printed no console address, state folder, hosts' data folder or hosts:\n${out}`);
  return { url, stateDir, siteDir, hosts };
}

/** True while any process of the demo's group is still alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The address as a whole word in a line of text: 127.0.0.1:3351 must not match 127.0.0.1:33519. */
const addressPattern = (address: string) => new RegExp(`${address.replace(/\./g, '\\.')}(?!\\d)`);

describe('npm run demo in the browser', () => {
  let demo: ChildProcess;
  let output = '';
  let printed: DemoOutput;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  /** The host is on screen: as a card in the grid, or listed in the opened "unconfirmed hosts" group. */
  async function shown(host: DemoHost): Promise<boolean> {
    const unconfirmed = page.getByRole('region', { name: 'Unconfirmed hosts' });
    const collapsed = unconfirmed.locator('button[aria-expanded="false"]');
    if (await collapsed.count()) await collapsed.first().click();
    const where: Locator[] = [
      page.locator('[data-host-card]').filter({ has: page.getByText(host.address, { exact: true }) }),
      page.getByRole('group', { name: new RegExp(`^${host.name},`) }),
      unconfirmed.getByRole('listitem').filter({ hasText: addressPattern(host.address) }),
    ];
    for (const l of where) if (await l.first().isVisible()) return true;
    return false;
  }

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, FIELDLINK_MDNS_INTERFACE: '127.0.0.1' };
    // A newcomer has no state folder set: the demo must choose its own, not fall back on this one.
    delete env.FIELDLINK_STATE_DIR;
    // A process group of its own, so Ctrl+C goes to the whole group, as a terminal sends it. Node runs the script with
    // tsx as a loader, not under tsx's launcher: on Ctrl+C that launcher waits 30 ms for its child to report the
    // signal, then sends it again and, 30 ms later, SIGKILL. A busy machine misses that window, and the demo was
    // killed half-way through removing its folder.
    demo = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--browser', '--port', '0'], {
      cwd: repo,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    demo.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    printed = await waitFor(
      () => {
        if (demo.exitCode !== null) throw new Error(`the demo stopped (exit ${demo.exitCode}) before it was ready:\n${output}`);
        return parseDemo(output);
      },
      { timeoutMs: START_CEILING, intervalMs: 200, what: 'the demo to print its console address' },
    );
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
    const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(printed.url);
  }, START_CEILING + 30_000);

  afterAll(async () => {
    await browser?.close().catch(() => {}); // already gone when the launch failed half-way
    // Whatever a failed test left running is ended by its group id, then its folder removed.
    if (demo?.pid && groupAlive(demo.pid)) process.kill(-demo.pid, 'SIGKILL');
    if (printed?.stateDir) await rm(printed.stateDir, { recursive: true, force: true });
    if (printed?.siteDir) await rm(printed.siteDir, { recursive: true, force: true });
  });

  it('opens on the demo site, with its state in a temporary folder that is not the user state folder', async () => {
    await page.getByRole('button', { name: 'Site: demo. Switch site' }).waitFor({ timeout: WAIT });
    const { stateDir } = printed;
    expect(path.isAbsolute(stateDir)).toBe(true);
    expect(path.relative(os.tmpdir(), stateDir).startsWith('..')).toBe(false);
    expect(path.resolve(stateDir)).not.toBe(defaultStateDir());
    expect(path.relative(defaultStateDir(), stateDir).startsWith('..')).toBe(true);
    expect((await stat(stateDir)).isDirectory()).toBe(true);
    // The hosts' data is in a temporary folder too, printed as the README says.
    expect(path.relative(os.tmpdir(), printed.siteDir).startsWith('..')).toBe(false);
    expect((await stat(printed.siteDir)).isDirectory()).toBe(true);
  });

  it('shows every host it printed, each offering the fingerprint it printed', async () => {
    expect(printed.hosts).toHaveLength(6);
    for (const host of printed.hosts)
      await waitFor(() => shown(host), { timeoutMs: WAIT, intervalMs: 500, what: `demo host ${host.name} (${host.address}) on the page` });

    // The one review dialog lists them with their fingerprints: what the demo tells the newcomer to compare.
    const rows = async (): Promise<Map<string, string | undefined> | null> => {
      await page
        .getByRole('button', { name: /^Review \d+ new certificates?$/ })
        .first()
        .click();
      const dialog = page.getByRole('dialog', { name: 'Review new certificates' });
      const table = dialog.getByRole('table', { name: 'New certificates' });
      await table.waitFor({ timeout: WAIT });
      const offered = new Map<string, string | undefined>();
      for (const host of printed.hosts) {
        const row = table.getByRole('row').filter({ has: page.getByRole('cell', { name: host.address, exact: true }) });
        if ((await row.count()) === 1) offered.set(host.address, (await row.getByLabel(/^Fingerprint of /).textContent())?.trim());
      }
      // The list is fixed while the dialog is open: closed and opened again until every host was reached once.
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached', timeout: WAIT });
      return offered.size === printed.hosts.length ? offered : null;
    };
    const offered = await waitFor(rows, { timeoutMs: WAIT, intervalMs: 1000, what: 'every demo host in the certificate review' });
    for (const host of printed.hosts) expect(offered.get(host.address), host.name).toBe(host.fingerprint);
    expect(pageErrors).toEqual([]);
  });

  it("stops on Ctrl+C within 20 s and removes its state and hosts' data folders", async () => {
    const pid = demo.pid!;
    process.kill(-pid, 'SIGINT');
    await waitFor(() => !groupAlive(pid), { timeoutMs: STOP_CEILING, intervalMs: 100, what: `the demo (process group ${pid}) to exit after Ctrl+C` });
    await expect(stat(printed.stateDir)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(printed.siteDir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(output).not.toMatch(/did not stop cleanly|could not start/);
  });
});
