// Uploads stream, verify and sync to followers, including hosts that link late or come back.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths, type V1HarborContentsSyncStatus, type V1LinkStatus, type V1UploadedContentDetails } from '../../shared/local-api/types';
import type { Site } from '../site';
import type { ApiClient } from '../test-kit/client';
import { clientsFor, link, testSite, waitFor } from '../test-kit/site-helpers';

/** A file on disk of `size` pseudo-random bytes, with its sha256. */
async function makeFile(dir: string, name: string, size: number): Promise<{ file: string; sha256: string }> {
  const file = path.join(dir, name);
  const hash = createHash('sha256');
  const handle = await open(file, 'w');
  const chunk = randomBytes(1024 * 1024);
  for (let written = 0; written < size; written += chunk.length) {
    const part = chunk.subarray(0, Math.min(chunk.length, size - written));
    hash.update(part);
    await handle.write(part);
  }
  await handle.close();
  return { file, sha256: hash.digest('hex') };
}

async function formWith(file: string, name: string, field = 'uploadFile'): Promise<FormData> {
  const form = new FormData();
  form.append(field, await openAsBlob(file), name);
  return form;
}

describe('content upload, details and sync to followers', () => {
  let site: Site;
  let leader: ApiClient;
  let f1: ApiClient;
  let f2: ApiClient;
  let late: ApiClient;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-content-'));
    site = await testSite({ hosts: 4, tokenIntervalSec: 60 });
    [leader, f1, f2, late] = (await clientsFor(site)) as [ApiClient, ApiClient, ApiClient, ApiClient];
  });
  afterAll(async () => {
    await site?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('has no upload details before the first upload', async () => {
    const res = await leader.get(paths.uploadedContent);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NotFound');
  });

  it('answers 400 without the uploadFile field, or without multipart', async () => {
    const form = new FormData();
    form.append('other', new Blob([Buffer.from('x')]), 'x.bin');
    form.append('note', 'hello');
    const missing = await leader.post(paths.uploadContent, { form });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/uploadFile/);
    expect((await leader.post(paths.uploadContent, { json: { uploadFile: 'x' } })).status).toBe(400);
    expect((await leader.post(paths.uploadClusterConfig, { form: new FormData() })).status).toBe(400);
  });

  it('stores an upload with its sha256 and reports it as the last upload', async () => {
    const { file, sha256 } = await makeFile(dir, 'edge-content.tar.zst', 3 * 1024 * 1024 + 5);
    const res = await leader.post(paths.uploadContent, { form: await formWith(file, 'edge-content.tar.zst') });
    expect(res.status).toBe(201);
    expect(res.body.message).toMatch(/edge-content\.tar\.zst/);
    expect((await stat(res.body.uploadPath)).size).toBe(3 * 1024 * 1024 + 5);
    const details = await leader.get<V1UploadedContentDetails>(paths.uploadedContent);
    expect(details.body).toMatchObject({ fileName: 'edge-content.tar.zst', sha256Hash: sha256, sizeInBytes: 3 * 1024 * 1024 + 5 });
    expect(details.body.sizeInMiB).toBeCloseTo(3, 2);
    expect(details.body.sizeInGiB).toBeCloseTo(0.003, 3);
    expect(Date.now() - Date.parse(details.body.uploadDateTime as string)).toBeLessThan(10_000);
  });

  it('keeps no temporary files after uploads', async () => {
    const incoming = path.join(site.dataDir, 'host-001', 'content', '.incoming');
    expect((await readdir(incoming)).filter((f) => !f.startsWith('.'))).toEqual([]);
    expect(await readdir(incoming)).toEqual([]);
  });

  it('syncs an upload on the leader to every follower, with progress in contentSyncStatus', async () => {
    await link(leader, f1);
    await link(leader, f2);
    // Slow followers make the sync long enough to watch: their handlers wait before reading the stream.
    site.hosts[1]!.faults.set({ latencyMs: 600 });
    site.hosts[2]!.faults.set({ latencyMs: 600 });
    const { file, sha256 } = await makeFile(dir, 'bundle-2.tar.zst', 24 * 1024 * 1024);
    expect((await leader.post(paths.uploadContent, { form: await formWith(file, 'bundle-2.tar.zst') })).status).toBe(201);

    const words = new Set<string>();
    const messages = new Set<string>();
    await waitFor(
      'both followers Completed',
      async () => {
        const [status, sync] = await Promise.all([leader.get<V1LinkStatus>(paths.linkStatus), leader.get<V1HarborContentsSyncStatus>(paths.contentSyncStatus)]);
        for (const peer of status.body.peers ?? []) words.add(peer.contentSyncStatus ?? '');
        if (sync.body.statusMessage) messages.add(sync.body.statusMessage);
        return status.body.peers?.every((p) => p.contentSyncStatus === 'Completed') ? true : undefined;
      },
      20_000,
      50,
    );
    site.hosts[1]!.faults.clear();
    site.hosts[2]!.faults.clear();

    expect([...words].some((w) => /^(Pending|InProgress \d{1,2}%)$/.test(w))).toBe(true);
    expect([...messages].some((m) => m.startsWith('Syncing bundle-2.tar.zst'))).toBe(true);
    const sync = await leader.get<V1HarborContentsSyncStatus>(paths.contentSyncStatus);
    expect(sync.body.statusMessage).toBe('bundle-2.tar.zst synced to 2 host(s)');
    expect(sync.body.pendingItems?.map((i) => [i.name, i.status])).toEqual([
      ['bundle-2.tar.zst', 'completed'],
      ['bundle-2.tar.zst', 'completed'],
    ]);
    expect(sync.body.errors).toEqual({});
    for (const follower of [f1, f2]) {
      const details = await follower.get<V1UploadedContentDetails>(paths.uploadedContent);
      expect(details.body).toMatchObject({ fileName: 'bundle-2.tar.zst', sha256Hash: sha256, sizeInBytes: 24 * 1024 * 1024 });
      const onFollower = await follower.get<V1LinkStatus>(paths.linkStatus);
      expect(onFollower.body.peers?.[0]?.contentSyncStatus).toBe('Completed');
    }
  });

  it('refuses uploads on a follower', async () => {
    const form = new FormData();
    form.append('uploadFile', new Blob([Buffer.from('x')]), 'x.tar.zst');
    const res = await f1.post(paths.uploadContent, { form });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/upload content on the leader/);
  });

  it('syncs the current content to a host that links later', async () => {
    await link(leader, late);
    const leaderSha = (await leader.get<V1UploadedContentDetails>(paths.uploadedContent)).body.sha256Hash;
    const details = await waitFor('content on the late follower', async () => {
      const res = await late.get<V1UploadedContentDetails>(paths.uploadedContent);
      return res.status === 200 ? res.body : undefined;
    });
    expect(details.sha256Hash).toBe(leaderSha);
  });

  it('reports a failed sync, and syncs again once the follower is reachable', async () => {
    site.hosts[2]!.faults.set({ resetAfterBytes: 64 * 1024 });
    await writeFile(path.join(dir, 'small.tar.zst'), randomBytes(512 * 1024));
    expect((await leader.post(paths.uploadContent, { form: await formWith(path.join(dir, 'small.tar.zst'), 'small.tar.zst') })).status).toBe(201);
    const failed = await waitFor('sync to fail', async () => {
      const sync = await leader.get<V1HarborContentsSyncStatus>(paths.contentSyncStatus);
      return Object.keys(sync.body.errors ?? {}).length > 0 ? sync.body : undefined;
    });
    expect(Object.keys(failed.errors ?? {})).toEqual([site.hosts[2]!.id]);
    expect(failed.pendingItems?.find((i) => i.status === 'failed')?.target).toBe(`127.0.0.1:${site.hosts[2]!.port}`);
    const peer = (await leader.get<V1LinkStatus>(paths.linkStatus)).body.peers?.find((p) => p.id === site.hosts[2]!.id);
    expect(peer?.contentSyncStatus).toBe('Failed');
    expect((await f2.get<V1UploadedContentDetails>(paths.uploadedContent)).body.fileName).toBe('bundle-2.tar.zst');

    site.hosts[2]!.faults.clear();
    await site.hosts[2]!.down();
    await site.hosts[2]!.up();
    await waitFor(
      'resync after the follower came back',
      async () => {
        const res = await f2.get<V1UploadedContentDetails>(paths.uploadedContent);
        return res.body.fileName === 'small.tar.zst' ? true : undefined;
      },
      15_000,
    );
  });
});
