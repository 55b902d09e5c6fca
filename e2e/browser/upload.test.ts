// Content upload in the browser build: a file dropped on a card shows the overlay and is streamed from the page
// itself (a page never learns a file's path); in the dialog where a path is typed, an empty file is refused before
// anything is sent, and a generated bundle is uploaded to a leader with two linked followers, with its progress on
// the card and each follower's sync reaching its end. Against both simulator profiles: the spec profile reports
// sync with the Local UI's words ("Synced").
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProfileName } from '../../simulator/site';
import { readySite, WAIT } from './setup-site';
import { startStack, type Stack } from './stack';

const ARTIFACTS = 'e2e/artifacts';
const MiB = 1024 * 1024;
const BUNDLE = 'content-e2e.tar.zst';
const DROPPED = 'dropped-e2e.tar.zst';
const PATH_LABEL = 'Path of a content bundle or cluster definition';

let stack: Stack;

const footer = (name: string): Locator => stack.ui.card(name).getByRole('group', { name: `Content upload on ${name}` });

/** A zstd frame header, then noise: what the core's check takes for a content bundle without reading it all. */
async function makeBundle(file: string, size: number): Promise<void> {
  await writeFile(file, Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), randomBytes(size - 4)]));
}

/** Records every step label and progress value the leader's footer shows, so a short upload's progress is seen. */
async function recordFooter(name: string): Promise<void> {
  await footer(name).evaluate((el) => {
    const seen = { steps: [] as string[], values: [] as string[], lines: [] as string[] };
    (window as unknown as { __uploadSeen: typeof seen }).__uploadSeen = seen;
    const read = () => {
      const step = el.querySelector('.fl-upload-step')?.textContent ?? '';
      if (step && seen.steps.at(-1) !== step) seen.steps.push(step);
      const value = el.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow');
      if (value && seen.values.at(-1) !== value) seen.values.push(value);
      const line = el.querySelector('.fl-upload-scroll .fl-tabular')?.textContent ?? '';
      if (line && seen.lines.at(-1) !== line) seen.lines.push(line);
    };
    new MutationObserver(read).observe(el, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

describe.each(['full', 'spec'] as ApiProfileName[])('uploading content in the browser (%s profile)', (profile) => {
  let dir: string;
  let leader: string, a: string, b: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-upload-e2e-'));
    await makeBundle(path.join(dir, BUNDLE), 8 * MiB);
    await writeFile(path.join(dir, 'empty.tar.zst'), '');
    stack = await startStack({ site: { hosts: 3, site: [{ name: 'up-1-leader' }, { name: 'up-2' }, { name: 'up-3' }], profile } });
    [leader, a, b] = (await readySite(stack)) as [string, string, string];
  });
  afterAll(async () => {
    await stack?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('links two followers to a leader', async () => {
    await stack.ui.makeLeader(leader);
    await stack.ui
      .card(a)
      .getByRole('checkbox', { name: `Select ${a}` })
      .click();
    await stack.ui
      .card(b)
      .getByRole('checkbox', { name: `Select ${b}` })
      .click();
    // Dropped on a selected card, the token links the whole selection.
    await stack.ui.token(leader).dragTo(stack.ui.card(a));
    await stack.ui.confirmLink(2);
    await stack.ui.waitForRole(a, 'follower');
    await stack.ui.waitForRole(b, 'follower');
  });

  it('shows the drop overlay for a dropped file and streams the file itself to the host from the page', async () => {
    const card = stack.ui.card(leader);
    const transfer = await stack.page.evaluateHandle((name) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3, 4])], name));
      return dt;
    }, DROPPED);
    // Dispatched on the card's content, where a pointer would be: the card's own box only takes the leader drag.
    const content = card.locator('.fl-name');
    await content.dispatchEvent('dragenter', { dataTransfer: transfer });
    await content.dispatchEvent('dragover', { dataTransfer: transfer });
    const overlay = card.getByRole('status', { name: `Drop to upload to ${leader}` });
    await overlay.waitFor({ timeout: WAIT });
    expect(await overlay.textContent()).toContain('The file streams to the host');
    await overlay.dispatchEvent('dragover', { dataTransfer: transfer });
    await overlay.dispatchEvent('drop', { dataTransfer: transfer });
    await overlay.waitFor({ state: 'detached', timeout: WAIT });

    await footer(leader)
      .getByText(new RegExp(`${DROPPED.replace(/\./g, '\\.')} uploaded and verified`))
      .waitFor({ timeout: WAIT });
    await footer(leader).getByText('Done: uploaded, verified and synced').waitFor({ timeout: WAIT });
    await footer(leader)
      .getByRole('button', { name: `Dismiss the upload result of ${DROPPED}` })
      .click();
  });

  it('refuses an empty file before sending anything', async () => {
    // A page cannot know a picked file's path: the card's button opens the dialog where a path is typed.
    await stack.ui
      .card(leader)
      .getByRole('button', { name: `Upload content to ${leader}` })
      .click();
    const dialog = stack.ui.dialog(`Upload to ${leader}`);
    await dialog.getByRole('textbox', { name: PATH_LABEL }).fill(path.join(dir, 'empty.tar.zst'));
    await dialog.getByRole('button', { name: 'Check file' }).click();
    await dialog.getByText(/empty\.tar\.zst is empty \(0 bytes\)/).waitFor({ timeout: WAIT });
    expect(await dialog.getByRole('button', { name: 'Upload', exact: true }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Remove empty.tar.zst from the list' }).click();
  });

  it('uploads a typed path to the leader: progress on its card, then each follower synced', async () => {
    const dialog = stack.ui.dialog(`Upload to ${leader}`);
    await dialog.getByRole('textbox', { name: PATH_LABEL }).fill(path.join(dir, BUNDLE));
    await dialog.getByRole('button', { name: 'Check file' }).click();
    await dialog.getByText('Content bundle · 8 MiB').waitFor({ timeout: WAIT });

    await recordFooter(leader);
    // The simulated leader sits on each request for a while before reading its body, so the transfer stalls part
    // way long enough for the core's once-a-second progress to report a share below 100% (and far short of the
    // 10 s of silence after which the core takes a host for offline).
    const leaderHost = stack.site.hosts.find((h) => h.name === leader)!;
    leaderHost.faults.set({ latencyMs: 1200 });
    await dialog.getByRole('button', { name: 'Upload 1 file' }).click();
    await dialog.waitFor({ state: 'detached', timeout: WAIT });

    const bar = footer(leader).getByRole('progressbar', { name: `Upload of ${BUNDLE} to ${leader}` });
    await expect.poll(async () => Number((await bar.getAttribute('aria-valuenow')) ?? -1), { timeout: WAIT }).toBeGreaterThan(0);
    leaderHost.faults.clear();

    // By its label, not its role: the rows sit in the footer's scroll area, which a fixed-height card may shrink
    // to nothing once the upload is done (the renderer's tests check the list's roles).
    const rows = footer(leader).locator(`ul[aria-label="Sync from ${leader} to its followers"]`);
    // The row says the sync ended well in the leader table's word, "synced", whatever word the agent used
    // ("Completed" on the full profile, the Local UI's "Synced" on the spec profile): never a raw state word.
    for (const name of [a, b]) {
      const row = rows.locator('li').filter({ hasText: name });
      await expect.poll(async () => ((await row.count()) ? await row.getAttribute('aria-label') : ''), { timeout: WAIT }).toBe(`${name}: synced`);
    }
    await footer(leader).getByText('Done: uploaded, verified and synced').waitFor({ timeout: WAIT });
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    expect(
      await footer(leader)
        .getByText(/content-e2e\.tar\.zst uploaded and verified/)
        .count(),
    ).toBe(1);

    const seen = await stack.page.evaluate(() => (window as unknown as { __uploadSeen: { steps: string[]; values: string[]; lines: string[] } }).__uploadSeen);
    expect(seen.steps).toContain('Uploading');
    // The syncing phase of an 8 MB file can be shorter than the footer's once-a-second refresh, so it is proven by
    // the follower rows reaching "synced" above rather than by catching its label on screen.
    // A share between none and all, with speed and time left, was on screen while the bytes moved.
    expect(seen.values.some((v) => Number(v) > 0 && Number(v) < 100)).toBe(true);
    expect(seen.lines.some((l) => / of 8 MiB · .+\/s/.test(l))).toBe(true);

    if (profile === 'full') await stack.ui.screenshot(`${ARTIFACTS}/upload.png`);
    expect(stack.problems).toEqual([]);
  });
});
