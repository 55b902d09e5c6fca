// Uploads that do not end well: cancelled (then retried), a host cut off or gone mid-body while another upload goes
// on, and a file truncated or deleted under the upload. None may be reported as uploaded.
import { truncate, unlink } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../../shared/contract';
import { createUploadHandlers } from './handlers';
import { lastUpload, makeFile, slowUploads, startUploadSite, tempDir, waitTask, type UploadSite } from '../../test-kit/uploads';

let us: UploadSite;
let slow: Pick<Handlers, 'uploads.start'>;
let dir: string;
let remove: () => Promise<void>;
const MiB = 1024 * 1024;

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  us = await startUploadSite(3);
  // 3 MiB/s: a few MiB take seconds, time enough to act in the middle of an upload.
  slow = createUploadHandlers(slowUploads(us.harness.core.context, 3 * MiB), { timing: { progressIntervalMs: 200, idleTimeoutMs: 15_000 } });
});
afterAll(async () => {
  await us?.close();
  await remove();
});

/** Starts a slow upload and resolves once some of the file's bytes have gone out. */
async function startMidway(hostIndex: number, file: string): Promise<string> {
  const { taskIds } = await slow['uploads.start']({ hostId: us.hosts[hostIndex]!.id, files: [{ path: file }] });
  await waitTask(us, taskIds[0]!, (t) => t.phase === 'uploading' && (t.progress?.done ?? 0) > 0, 'bytes on the wire');
  return taskIds[0]!;
}

describe('an upload that does not finish', () => {
  it('is cancelled mid-body: the task ends cancelled and the host holds nothing; a retry reads the file anew', async () => {
    const file = await makeFile(dir, 'cancel-me.tar.zst', 8 * MiB);
    const taskId = await startMidway(0, file.path);
    const cancelling = await us.api['tasks.cancel']({ taskId });
    expect(cancelling.phase).toBe('Cancelling');
    const task = await us.settled(taskId);
    expect(task.state).toBe('cancelled');
    expect(task.retryable).toBe(true);
    expect(task.hosts[0]!.state).toBe('cancelled');
    expect(task.hosts[0]!.message).toMatch(/^Cancelled after [\d.]+ (MiB|KiB) of 8 MiB: cancel-me\.tar\.zst was not uploaded\.$/);
    expect(task.progress!.done).toBeLessThan(file.size);
    expect(await lastUpload(us.site.hosts[0]!)).toBeNull();

    const { taskId: retryId } = await us.api['tasks.retry']({ taskId });
    const retried = await us.settled(retryId);
    expect(retried).toMatchObject({ state: 'succeeded', retryOf: taskId, progress: { done: file.size, total: file.size, unit: 'bytes' } });
    expect(await lastUpload(us.site.hosts[0]!)).toEqual({ fileName: 'cancel-me.tar.zst', sha256Hash: file.sha256 });
  });

  it('is cancelled while it waits for its turn: nothing is sent', async () => {
    const first = await makeFile(dir, 'first.tar.zst', 6 * MiB);
    const second = await makeFile(dir, 'second.tar.zst', MiB);
    const { taskIds } = await slow['uploads.start']({ hostId: us.hosts[0]!.id, files: [{ path: first.path }, { path: second.path }] });
    await waitTask(us, taskIds[0]!, (t) => t.phase === 'uploading', 'first upload');
    expect(us.live(taskIds[1]!).phase).toBe('queued');
    await us.api['tasks.cancel']({ taskId: taskIds[1]! });
    const queued = await us.settled(taskIds[1]!);
    expect(queued.state).toBe('cancelled');
    expect(queued.hosts[0]!.message).toBe('Cancelled before the upload started; nothing of second.tar.zst was sent.');
    expect(queued.progress).toBeNull();
    expect((await us.settled(taskIds[0]!)).state).toBe('succeeded');
  });

  it('fails clearly when the host cuts the connection mid-body, while an upload to another host goes on', async () => {
    const broken = await makeFile(dir, 'cut.tar.zst', 24 * MiB);
    const fine = await makeFile(dir, 'fine.tar.zst', 24 * MiB);
    us.site.hosts[1]!.faults.set({ resetAfterBytes: 4 * MiB });
    try {
      const [a, b] = await Promise.all([
        us.api['uploads.start']({ hostId: us.hosts[1]!.id, files: [{ path: broken.path }] }),
        us.api['uploads.start']({ hostId: us.hosts[2]!.id, files: [{ path: fine.path }] }),
      ]);
      const [cut, ok] = await Promise.all([us.settled(a.taskIds[0]!), us.settled(b.taskIds[0]!)]);
      expect(cut.state).toBe('failed');
      expect(cut.error?.code).toBe('unreachable');
      expect(cut.error?.message).toMatch(
        new RegExp(`^The connection to ${us.hosts[1]!.name} broke after [\\d.]+ MiB of 24 MiB of cut\\.tar\\.zst\\. .*not reported as uploaded`),
      );
      expect(ok.state).toBe('succeeded');
      expect(await lastUpload(us.site.hosts[1]!)).toBeNull();
      expect((await lastUpload(us.site.hosts[2]!))?.sha256Hash).toBe(fine.sha256);
    } finally {
      us.site.hosts[1]!.faults.clear();
    }
  });

  it('fails clearly when the host goes down mid-body', async () => {
    const file = await makeFile(dir, 'down.tar.zst', 8 * MiB);
    const taskId = await startMidway(1, file.path);
    await us.site.hosts[1]!.down();
    try {
      const task = await us.settled(taskId);
      expect(task.state).toBe('failed');
      expect(task.hosts[0]!.message).toMatch(
        new RegExp(`^The connection to ${us.hosts[1]!.name} broke after [\\d.]+ (MiB|KiB) of 8 MiB of down\\.tar\\.zst\\.`),
      );
    } finally {
      await us.site.hosts[1]!.up();
    }
  });

  it('stops when the file is truncated during the upload', async () => {
    const before = await lastUpload(us.site.hosts[2]!);
    const file = await makeFile(dir, 'shrinks.tar.zst', 12 * MiB);
    const taskId = await startMidway(2, file.path);
    await truncate(file.path, MiB);
    const task = await us.settled(taskId);
    expect(task.state).toBe('failed');
    expect(task.error?.code).toBe('file-rejected');
    expect(task.error?.message).toMatch(/^shrinks\.tar\.zst got shorter while it was being uploaded: only [\d.]+ MiB of 12 MiB could be read\./);
    expect(await lastUpload(us.site.hosts[2]!)).toEqual(before);
  });

  it('stops when the file is deleted during the upload', async () => {
    const before = await lastUpload(us.site.hosts[2]!);
    const file = await makeFile(dir, 'vanishes.tar.zst', 12 * MiB); // more than the reader reads ahead of the socket
    const taskId = await startMidway(2, file.path);
    await unlink(file.path);
    const task = await us.settled(taskId);
    expect(task.state).toBe('failed');
    expect(task.error).toEqual({
      code: 'file-rejected',
      message: 'vanishes.tar.zst was deleted while it was being uploaded. The upload was stopped; the host keeps nothing of it.',
    });
    expect(await lastUpload(us.site.hosts[2]!)).toEqual(before);
    // A retry checks the file again and refuses it before sending anything.
    const retried = await us.settled((await us.api['tasks.retry']({ taskId })).taskId);
    expect(retried.error?.message).toMatch(/vanishes\.tar\.zst was not found/);
    expect(retried.progress).toBeNull();
  });
});
