// Site plans in the browser build: a typed plan path is checked against the site and shown side by side, applied
// with one action (the leader then lists its followers and holds the bundle), the action log shows what was done,
// and Export report hands over an HTML file with each host's id and fingerprint.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readySite, WAIT } from './setup-site';
import { startStack, type Stack } from './stack';

let stack: Stack;
let dir: string;
let planFile: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-plans-e2e-'));
  await mkdir(path.join(dir, 'bundles'));
  await writeFile(path.join(dir, 'bundles', 'apps.tar.zst'), Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), randomBytes(256 * 1024)]));
  stack = await startStack({ site: { hosts: 3, site: [{ name: 'plan-a' }, { name: 'plan-b' }, { name: 'plan-c' }] } });
  await readySite(stack);
  planFile = path.join(dir, 'store.yaml');
  await writeFile(planFile, 'version: 1\nsite: Store 7\ngroups:\n  - leader: plan-a\n    followers: [plan-b, plan-c]\n    content: [bundles/apps.tar.zst]\n');
});

afterAll(async () => {
  await stack?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the plans drawer in the browser', () => {
  it('checks a plan beside the site, applies it with one action, and shows the action log', async () => {
    const { page } = stack;
    await page.getByRole('button', { name: 'Plans, report and action log' }).click();
    const drawer = page.getByRole('dialog', { name: 'Site plan and report' });
    await drawer.getByRole('textbox', { name: /Plan file/ }).fill(planFile);
    await drawer.getByRole('button', { name: 'Check plan' }).click();
    const actions = drawer.getByRole('region', { name: 'Actions to take' }).getByRole('listitem');
    await expect
      .poll(() => actions.allInnerTexts(), { timeout: WAIT })
      .toEqual([
        'Make plan-a the leader (start its token generation).',
        'Link plan-b to plan-a.',
        'Link plan-c to plan-a.',
        'Upload apps.tar.zst to plan-a and follow its sync to the followers.',
      ]);
    await drawer.getByRole('button', { name: 'Apply plan' }).click();
    await expect.poll(() => drawer.getByRole('status').textContent(), { timeout: WAIT }).toBe('Applied: 3 tasks ran; the site matches the plan.');
    await expect.poll(() => drawer.getByText('The site matches the plan.', { exact: true }).count(), { timeout: WAIT }).toBe(1);
    const leader = (await (await fetch(`${stack.site.hosts[0]!.admin}/state`)).json()) as { role: string; lastUpload: { fileName: string } | null };
    expect(leader).toMatchObject({ role: 'leader', lastUpload: { fileName: 'apps.tar.zst' } });

    await drawer.getByText('Action log', { exact: true }).click();
    const log = drawer.getByRole('list', { name: 'Action log' });
    await expect.poll(() => log.getByRole('article').count(), { timeout: WAIT }).toBe(4);
    await expect
      .poll(() => log.getByRole('article').first().getAttribute('aria-label', { timeout: WAIT }), { timeout: WAIT })
      .toBe('apply-plan: Apply the plan store.yaml');
    expect(stack.problems).toEqual([]);
  });

  it('Export report downloads an HTML report with every host id and fingerprint', async () => {
    const { page } = stack;
    const drawer = page.getByRole('dialog', { name: 'Site plan and report' });
    await drawer.getByText('Report', { exact: true }).click();
    await drawer.getByRole('textbox', { name: /Technician/ }).fill('A. Tech');
    const download = page.waitForEvent('download', { timeout: WAIT });
    await drawer.getByRole('button', { name: 'Export report' }).click();
    const file = path.join(dir, 'report.html');
    await (await download).saveAs(file);
    const html = await readFile(file, 'utf8');
    expect(html).toContain('A. Tech');
    for (const h of stack.site.hosts) {
      expect(html).toContain(h.id);
      expect(html).toContain(h.fingerprint);
    }
  });
});
