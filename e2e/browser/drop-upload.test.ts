// Drop uploads in the browser console (issue 13): a File dropped on a leader's card streams from the page through
// `serve` (POST with the run secret, no temporary copy) into the core's upload task, is verified by sha256 on the
// host and synced to its followers. The page's memory stays flat while a large file goes out. Against both profiles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProfileName } from '../../simulator/site';
import { readySite, WAIT } from './setup-site';
import { startStack, type Stack } from './stack';

const MiB = 1024 * 1024;

/**
 * Builds a bundle-looking File in the page (zstd magic, then seeded noise), computes its sha256 there, and drops it
 * on the element the way a browser does: dragenter, dragover, drop, with a DataTransfer holding the File.
 */
async function dropGenerated(stack: Stack, cardName: string, fileName: string, size: number): Promise<string> {
  const target = stack.ui.card(cardName).locator('.fl-name');
  return target.evaluate(
    async (el, { fileName, size }) => {
      const bytes = new Uint8Array(size);
      let seed = 0x9e3779b9;
      for (let i = 4; i < size; i++) {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        bytes[i] = seed & 0xff;
      }
      bytes.set([0x28, 0xb5, 0x2f, 0xfd]);
      const hex = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
      const data = new DataTransfer();
      data.items.add(new File([bytes], fileName));
      for (const type of ['dragenter', 'dragover', 'drop']) el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
      return hex;
    },
    { fileName, size },
  );
}

describe.each(['full', 'spec'] as ApiProfileName[])('drop uploads in the browser console (%s profile)', (profile) => {
  let stack: Stack;
  let leader: string;

  beforeAll(async () => {
    stack = await startStack({
      site: { hosts: 3, site: [{ name: 'drop-1' }, { name: 'drop-2' }, { name: 'drop-3' }], profile },
      viewport: { width: 1440, height: 900 },
    });
    const names = await readySite(stack);
    leader = names[0]!;
    // The group, linked the short way: the leader's card onto "Ready", one confirmation.
    await stack.ui.card(leader).dragTo(stack.page.getByRole('button', { name: /^Select all Ready hosts/ }));
    await stack.ui.dialog('Link to leader').getByRole('button', { name: 'Make leader and link 2 hosts' }).click({ timeout: WAIT });
    for (const name of names.slice(1)) await stack.ui.waitForRole(name, 'follower');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('streams a dropped file to the leader, verified by sha256 on the host and synced to its followers', async () => {
    const footer = stack.ui.card(leader).getByRole('group', { name: `Content upload on ${leader}` });
    const sha = await dropGenerated(stack, leader, 'drop-e2e.tar.zst', 8 * MiB);
    // The host's own words once verified: name, size and the start of the sha256 of the bytes that went out.
    await footer.getByText(new RegExp(`drop-e2e\\.tar\\.zst uploaded and verified \\(8 MiB, sha256 ${sha.slice(0, 12)}`)).waitFor({ timeout: WAIT });
    await footer.getByText('Done: uploaded, verified and synced').waitFor({ timeout: 60_000 });
    // Never the path dialog of the old browser build.
    expect(await stack.page.getByRole('dialog', { name: `Upload to ${leader}` }).count()).toBe(0);
    expect(stack.problems).toEqual([]);
  });

  it('refuses a file that is no bundle before sending a byte, saying why', async () => {
    await dropGenerated(stack, leader, 'notes.txt', 1024);
    await stack.ui
      .notification(/notes\.txt is not a content bundle/)
      .first()
      .waitFor({ timeout: WAIT });
  });

  it('keeps the page memory flat while a 64 MiB file streams (the page holds no copy of the bytes)', async () => {
    if (profile !== 'full') return void console.log('memory: measured on the full profile only (same page code)');
    const footer = stack.ui.card(leader).getByRole('group', { name: `Content upload on ${leader}` });
    // The File is built from 1 MiB blob parts, as a file on disk would be: its bytes live outside the JS heap.
    const baseline = await stack.page.evaluate(() => {
      const parts: Blob[] = [];
      for (let i = 0; i < 64; i++) {
        const chunk = new Uint8Array(1024 * 1024).fill(i);
        if (i === 0) chunk.set([0x28, 0xb5, 0x2f, 0xfd]);
        parts.push(new Blob([chunk]));
      }
      const w = window as unknown as { __big: File; __peak: number; __sampler: number };
      w.__big = new File(parts, 'big-e2e.tar.zst');
      const heap = () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
      w.__peak = heap();
      w.__sampler = window.setInterval(() => (w.__peak = Math.max(w.__peak, heap())), 20);
      return heap();
    });
    const started = Date.now();
    await stack.ui
      .card(leader)
      .locator('.fl-name')
      .evaluate((el) => {
        const data = new DataTransfer();
        data.items.add((window as unknown as { __big: File }).__big);
        for (const type of ['dragenter', 'dragover', 'drop']) el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
      });
    await footer.getByText(/big-e2e\.tar\.zst uploaded and verified \(64 MiB/).waitFor({ timeout: 90_000 });
    const seconds = (Date.now() - started) / 1000;
    const peak = await stack.page.evaluate(() => {
      const w = window as unknown as { __peak: number; __sampler: number };
      clearInterval(w.__sampler);
      return w.__peak;
    });
    console.log(
      `browser drop upload: 64 MiB verified in ${seconds.toFixed(2)} s (${(64 / seconds).toFixed(1)} MiB/s, drop to verified, queue and sha256 check included); ` +
        `page JS heap ${(baseline / MiB).toFixed(1)} MiB before, peak ${(peak / MiB).toFixed(1)} MiB`,
    );
    expect(peak - baseline).toBeLessThan(16 * MiB);
  });
});
