// Uploads against a simulated host (and a fake one that lies): the happy path with verification and a signature,
// files refused before any byte is sent, and a verification that catches a host storing something else.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '../../../shared/contract';
import { paths } from '../../../shared/local-api/types';
import { startHarness } from '../../test-kit/core/core-harness';
import { startFakeHost, type FakeHost } from '../../test-kit/core/fake-host';
import { createUploadHandlers } from './handlers';
import { FAST, GZIP_MAGIC, lastUpload, makeFile, startUploadSite, tempDir, type UploadSite } from '../../test-kit/uploads';

let us: UploadSite;
let dir: string;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  us = await startUploadSite(1);
});
afterAll(async () => {
  await us?.close();
  await remove();
});

describe('upload to a simulated host', () => {
  it('streams a bundle with byte progress, and verifies it against what the host stored', async () => {
    const file = await makeFile(dir, 'edge-content.tar.zst', 6 * 1024 * 1024 + 17);
    const host = us.hosts[0]!;
    const { taskIds } = await us.api['uploads.start']({ hostId: host.id, files: [{ path: file.path }] });
    expect(taskIds).toHaveLength(1);
    const task = await us.settled(taskIds[0]!);
    expect(task).toMatchObject({ kind: 'upload', state: 'succeeded', title: `Upload edge-content.tar.zst to ${host.name}`, error: null });
    expect(task.progress).toEqual({ done: file.size, total: file.size, unit: 'bytes' });
    expect(task.hosts).toEqual([
      {
        hostId: host.id,
        name: host.name,
        state: 'succeeded',
        detail: null,
        message: `edge-content.tar.zst uploaded and verified (6 MiB, sha256 ${file.sha256.slice(0, 12)}…).`,
      },
    ]);
    expect(await lastUpload(us.site.hosts[0]!)).toEqual({ fileName: 'edge-content.tar.zst', sha256Hash: file.sha256 });
    // The UI got the total from the first progress event on, and the phases in order.
    const seen = us.harness.events.filter((e) => e.name === 'tasks.changed' && (e.payload as TaskView).id === task.id).map((e) => e.payload as TaskView);
    expect(seen.find((t) => t.progress)?.progress).toMatchObject({ total: file.size, unit: 'bytes' });
    const endedEvents = us.harness.events.filter((e) => e.name === 'tasks.ended' && (e.payload as TaskView).id === task.id);
    expect(endedEvents).toHaveLength(1);
  });

  it('sends a cluster definition to upload-clusterconfig with its signature alongside', async () => {
    const def = await makeFile(dir, 'cluster-def.tgz', 300 * 1024, GZIP_MAGIC);
    const sig = path.join(dir, 'cluster-def.tgz.sig');
    await writeFile(sig, 'signed-by-the-factory');
    const { taskIds } = await us.api['uploads.start']({ hostId: us.hosts[0]!.id, files: [{ path: def.path, signaturePath: sig }] });
    expect((await us.settled(taskIds[0]!)).state).toBe('succeeded');
    const stored = path.join(us.site.dataDir, 'host-001', 'content', 'clusterconfig', 'cluster-def.tgz');
    expect((await stat(stored)).size).toBe(def.size);
    expect(await readFile(`${stored}.sig`, 'utf8')).toBe('signed-by-the-factory');
  });

  it('checks dropped files and refuses wrong types, empty and missing files with clear messages', async () => {
    const good = await makeFile(dir, 'good.tar.zst', 1024);
    const text = await makeFile(dir, 'notes.txt', 100);
    const garbage = await makeFile(dir, 'garbage.zst', 1024, Buffer.from('GARBAGE!'));
    const empty = path.join(dir, 'empty.tar.zst');
    await writeFile(empty, '');
    const checks = await us.api['uploads.check']({ paths: [good.path, text.path, garbage.path, empty, path.join(dir, 'missing.tgz'), dir] });
    expect(checks.map((c) => [c.name, c.kind, c.error === null])).toEqual([
      ['good.tar.zst', 'content', true],
      ['notes.txt', null, false],
      ['garbage.zst', 'content', false],
      ['empty.tar.zst', 'content', false],
      ['missing.tgz', null, false],
      [path.basename(dir), null, false],
    ]);
    expect(checks[1]!.error).toBe('notes.txt is not a content bundle (.tar.zst, .zst) or a cluster definition (.tgz).');
    expect(checks[2]!.error).toMatch(/not a zstd archive/);
    expect(checks[3]!.error).toMatch(/is empty \(0 bytes\)/);
    expect(checks[4]!.error).toMatch(/was not found/);
    expect(checks[5]!.error).toMatch(/is a folder/);
  });

  it('starts nothing when any file of a batch is refused, so no byte is sent', async () => {
    const before = await lastUpload(us.site.hosts[0]!);
    const tasksBefore = (await us.api['tasks.list']({})).length;
    const good = await makeFile(dir, 'fine.tar.zst', 2048);
    const empty = path.join(dir, 'empty2.tgz');
    await writeFile(empty, '');
    const iso = await makeFile(dir, 'x.iso', 4096);
    const start = us.api['uploads.start']({ hostId: us.hosts[0]!.id, files: [{ path: good.path }, { path: empty }, { path: iso.path }] });
    await expect(start).rejects.toMatchObject({
      code: 'file-rejected',
      message: expect.stringMatching(/^Nothing was uploaded\. empty2\.tgz is empty .* x\.iso is not a content bundle/),
    });
    await expect(
      us.api['uploads.start']({ hostId: us.hosts[0]!.id, files: [{ path: good.path, signaturePath: path.join(dir, 'none.sig') }] }),
    ).rejects.toMatchObject({
      code: 'file-rejected',
      message: expect.stringMatching(/Signature: none\.sig was not found/),
    });
    expect((await us.api['tasks.list']({})).length).toBe(tasksBefore);
    expect(await lastUpload(us.site.hosts[0]!)).toEqual(before);
  });

  it('refuses a host the console does not know', async () => {
    const good = await makeFile(dir, 'any.tar.zst', 2048);
    await expect(us.api['uploads.start']({ hostId: 'edge-unknown', files: [{ path: good.path }] })).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('verification against a host that stores something else', () => {
  let fake: FakeHost;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  beforeAll(async () => {
    fake = await startFakeHost();
    harness = await startHarness({ trustNew: true, user: 'kairos', password: 'kairos' });
  });
  afterAll(async () => {
    await harness?.close();
    await fake?.close();
  });

  it('fails the task when the details differ from the file sent', async () => {
    const file = await makeFile(dir, 'bundle.tar.zst', 512 * 1024);
    fake.set('POST', paths.uploadContent, () => ({ status: 201, body: { message: 'uploaded', uploadPath: '/x' } }));
    fake.set('GET', paths.uploadedContent, () => ({ body: { fileName: 'bundle.tar.zst', sizeInBytes: file.size, sha256Hash: 'ab'.repeat(32) } }));
    const host = await harness.core.handlers['hosts.add']({ address: fake.url });
    const api = createUploadHandlers(harness.core.context, FAST);
    const { taskIds } = await api['uploads.start']({ hostId: host.id, files: [{ path: file.path }] });
    const task = await harness.core.context.tasks.settled(taskIds[0]!);
    expect(task.state).toBe('failed');
    expect(task.error?.code).toBe('verify-failed');
    expect(task.error?.message).toBe(
      `${host.name} stored a file that differs from yours (its sha256 is abababababab… where yours is ${file.sha256.slice(0, 12)}…). Upload it again.`,
    );
    expect(task.hosts[0]).toMatchObject({ state: 'failed', message: task.error?.message });
    // The body went out whole, with the exact length announced up front.
    const upload = fake.requests.find((r) => r.path === paths.uploadContent)!;
    expect(Number(upload.headers['content-length'])).toBeGreaterThan(file.size);
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('names every field that differs, size and name included', async () => {
    const file = await makeFile(dir, 'other.tar.zst', 1000);
    fake.set('GET', paths.uploadedContent, () => ({ body: { fileName: 'someone-else.tar.zst', sizeInBytes: 12, sha256Hash: file.sha256 } }));
    const host = (await harness.core.handlers['hosts.list']({}))[0]!;
    const api = createUploadHandlers(harness.core.context, FAST);
    const task = await harness.core.context.tasks.settled((await api['uploads.start']({ hostId: host.id, files: [{ path: file.path }] })).taskIds[0]!);
    expect(task.error?.message).toMatch(
      /it is named someone-else\.tar\.zst where yours is other\.tar\.zst .*; it holds 12 bytes \(12 bytes\) where yours has 1000 bytes\)\. Upload it again\.$/,
    );
  });
});
