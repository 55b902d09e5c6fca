// The commissioning report's HTML form, opened in Chromium as a customer would open the file: it renders (with its
// inline SVG topology, no script and no external resource), and it shows each host's id and the certificate
// fingerprint the console pinned for it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../electron/test-kit/core/core-harness';
import { SIM_PASSWORD, SIM_USER, startTestSite, type Site } from '../../electron/test-kit/core/sim';
import { WAIT } from './console-page';
import { CHROMIUM_PATH, chromiumArgs } from '../chromium';

let site: Site;
let h: Harness;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-report-e2e-'));
  site = await startTestSite({ hosts: 3 });
  h = await startHarness({ user: SIM_USER, password: SIM_PASSWORD, trustNew: true });
  for (const s of site.hosts) await h.core.handlers['hosts.add']({ address: s.url });
  for (const s of site.hosts) await h.waitHost(s.id, (v) => v.access === 'ok' && v.role !== 'unknown', WAIT);
  const linked = await h.runTask(h.core.handlers['link.followers']({ leaderId: site.hosts[0]!.id, followerIds: [site.hosts[1]!.id] }));
  expect(linked.state).toBe('succeeded');
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
  await site?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the HTML commissioning report in Chromium', () => {
  it('renders, draws the topology, and shows every host id with its fingerprint', async () => {
    const out = path.join(dir, 'report.html');
    // The core answers the text; whoever asked writes the file (as the CLI does, and the UI's download).
    const { text: html } = await h.core.handlers['report.export']({ format: 'html', technician: 'A. Tech', site: 'Store 42' });
    await writeFile(out, html);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(pathToFileURL(out).href);
    expect(await page.title()).toBe('Commissioning report — Store 42');
    const text = await page.locator('body').innerText();
    expect(text).toContain('A. Tech');
    for (const s of site.hosts) {
      const row = page.locator(`tr[data-host-id="${s.id}"]`);
      await expect(row.count()).resolves.toBe(1);
      const rowText = await row.innerText();
      expect(rowText).toContain(s.id);
      expect(rowText).toContain(s.fingerprint);
    }
    const svg = page.locator('.topology svg');
    const box = await svg.boundingBox();
    expect(box && box.width > 100 && box.height > 40).toBe(true);
    expect(await svg.locator('line').count()).toBe(1);
    // One file, nothing fetched beside it.
    expect(requests).toEqual([pathToFileURL(out).href]);
    expect(problems).toEqual([]);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await writeFile(path.join(dir, 'report.pdf'), pdf);
    await page.close();
  });
});
