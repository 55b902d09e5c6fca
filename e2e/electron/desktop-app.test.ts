// The desktop app end to end: the built main, preload and renderer in a real Electron, driven by Playwright, against
// a simulated site on 127.0.0.1 (mDNS pinned to loopback). Everything goes through the page's window.fieldlink, so
// each call crosses the real contextBridge, the real IPC sender check and the real core.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostView } from '../../shared/contract';
import { startSite, type Site } from '../../simulator/site';
import { buildApp, call, data, electronE2eSkipReason, launchApp, waitFor, waitForTask, type LaunchedApp } from './electron-app';

const HOSTS = 4;
const skipReason = electronE2eSkipReason();
if (skipReason) console.log(`Electron end-to-end tests skipped: ${skipReason}.`);

const sameFingerprint = (a: string | null, b: string) => !!a && a.replace(/[^0-9a-f]/gi, '').toUpperCase() === b.replace(/[^0-9a-f]/gi, '').toUpperCase();

describe.skipIf(skipReason !== null)('the desktop app', () => {
  let site: Site;
  let launched: LaunchedApp;
  let hosts: HostView[] = [];
  let leaderId = '';
  let files: string;

  beforeAll(async () => {
    await buildApp();
    site = await startSite({ hosts: HOSTS, mdnsInterface: '127.0.0.1', user: 'kairos', password: 'kairos' });
    launched = await launchApp({ FIELDLINK_MDNS_INTERFACE: '127.0.0.1', FIELDLINK_USER: 'kairos', FIELDLINK_PASSWORD: 'kairos' });
    files = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-e2e-drop-'));
  });

  afterAll(async () => {
    await launched?.close();
    await site?.stop();
    if (files) await rm(files, { recursive: true, force: true });
  });

  describe('linking through the preload and IPC', () => {
    it('finds every host of the site by mDNS', async () => {
      const page = launched.page;
      hosts = await waitFor('all hosts discovered', 30_000, async () => {
        const list = await data(page, 'hosts.list', {});
        const ours = site.hosts.map((s) => list.find((h) => h.url === s.url)).filter((h): h is HostView => !!h);
        return ours.length === HOSTS ? ours : null;
      });
      expect(hosts.every((h) => h.sources.includes('mdns'))).toBe(true);
    });

    it('keeps error codes and host ids across the context bridge', async () => {
      const outcome = await call(launched.page, 'hosts.get', { host: 'edge-does-not-exist' });
      expect(outcome).toMatchObject({ ok: false, error: { name: 'ConsoleError', code: 'not-found' } });
      const invalid = await call(launched.page, 'hosts.pin', { hostId: '', pinned: true });
      expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    });

    it('trusts each host only after its offered fingerprint matches the one the host really has', async () => {
      for (const host of hosts) {
        const real = site.hosts.find((s) => s.url === host.url)!.fingerprint;
        expect(sameFingerprint(host.offeredFingerprint, real)).toBe(true);
        await data(launched.page, 'certificates.trust', { hostId: host.id, fingerprint: real });
      }
      hosts = await waitFor('hosts ready', 30_000, async () => {
        const list = await data(launched.page, 'hosts.list', {});
        const ours = hosts.map((h) => list.find((x) => x.id === h.id)!);
        return ours.every((h) => h.access === 'ok') ? ours : null;
      });
    });

    it('makes a leader and links the followers, with task events reaching the page', async () => {
      const page = launched.page;
      await page.evaluate(() => {
        const w = window as unknown as { fieldlink: { on(e: string, l: (p: unknown) => void): () => void }; __ended: unknown[] };
        w.__ended = [];
        w.fieldlink.on('tasks.ended', (task) => w.__ended.push(task));
      });

      leaderId = hosts[0]!.id;
      const { taskId: leaderTask } = await data(page, 'link.makeLeader', { hostId: leaderId });
      expect((await waitForTask(page, leaderTask)).state).toBe('succeeded');

      const followerIds = hosts.slice(1).map((h) => h.id);
      const preflight = await data(page, 'link.preflight', { leaderId, followerIds });
      expect(preflight.every((p) => p.ok)).toBe(true);
      const { taskId } = await data(page, 'link.followers', { leaderId, followerIds });
      const linked = await waitForTask(page, taskId, 90_000);
      expect(linked.state).toBe('succeeded');
      expect(linked.hosts.map((h) => h.state)).toEqual(followerIds.map(() => 'succeeded'));

      const report = await waitFor('a valid link report', 30_000, async () => {
        const r = await data(page, 'link.validate', { leaderId });
        return r.ok ? r : null;
      });
      expect(report.followers).toHaveLength(followerIds.length);

      const ended = (await page.evaluate(() => (window as unknown as { __ended: Array<{ id: string }> }).__ended.map((t) => t.id))) as string[];
      expect(ended).toEqual(expect.arrayContaining([leaderTask, taskId]));
    });
  });

  describe('drag-and-drop upload', () => {
    it('resolves a dropped file to its path with webUtils and uploads it to a host', async () => {
      const page = launched.page;
      const file = path.join(files, 'content-e2e.tar');
      await writeFile(file, randomBytes(1024 * 1024));

      // A real file-backed File comes only from a file input: Playwright sets it, then the page drops it as a user
      // dragging it from the file manager would (a DataTransfer carrying that File).
      await page.evaluate(() => {
        const input = document.createElement('input');
        input.type = 'file';
        input.id = 'e2e-file';
        input.style.display = 'none';
        const target = document.createElement('div');
        target.id = 'e2e-drop';
        const w = window as unknown as { fieldlink: { getPathForFile(f: File): string }; __dropped: string[] };
        w.__dropped = [];
        target.addEventListener('dragover', (e) => e.preventDefault());
        target.addEventListener('drop', (e) => {
          e.preventDefault();
          for (const f of Array.from(e.dataTransfer?.files ?? [])) w.__dropped.push(w.fieldlink.getPathForFile(f));
        });
        document.body.append(input, target);
      });
      await page.setInputFiles('#e2e-file', file);
      await page.evaluate(() => {
        const input = document.getElementById('e2e-file') as HTMLInputElement;
        const transfer = new DataTransfer();
        transfer.items.add(input.files![0]!);
        const target = document.getElementById('e2e-drop')!;
        target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      });
      const dropped = (await page.evaluate(() => (window as unknown as { __dropped: string[] }).__dropped)) as string[];
      expect(dropped).toEqual([file]);

      const [check] = await data(page, 'uploads.check', { paths: dropped });
      expect(check).toMatchObject({ path: file, size: 1024 * 1024, error: null });
      const { taskIds } = await data(page, 'uploads.start', { hostId: leaderId || hosts[0]!.id, files: [{ path: dropped[0]! }] });
      expect(taskIds).toHaveLength(1);
      const task = await waitForTask(page, taskIds[0]!, 90_000);
      expect(task.state).toBe('succeeded');
      expect(task.progress).toMatchObject({ unit: 'bytes', done: 1024 * 1024, total: 1024 * 1024 });
    });
  });
});
