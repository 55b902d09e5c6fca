// Uploads cancelled after their bytes went out: while the host's copy is being verified, and while the sync to a
// leader's followers is being followed. Each ends cancelled, says how far it got, holds no file open and no queue
// place, and the next upload in the queue runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdVerification, lastUpload, makeFile, openHandlesOn, startUploadSite, tempDir, waitTask, type UploadSite } from '../../test-kit/uploads';
import { createUploadHandlers } from './handlers';

const MiB = 1024 * 1024;
let us: UploadSite;
let dir: string;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  us = await startUploadSite(3);
});
afterAll(async () => {
  await us?.close();
  await remove();
});

async function expectFileClosed(file: string): Promise<void> {
  const open = await openHandlesOn(file);
  if (open === null) console.log('skipped the open-file check: /proc/self/fd exists on Linux only');
  else expect(open).toBe(0);
}

describe('an upload cancelled after its bytes went out', () => {
  it('while verifying: ends cancelled (sent, not verified), and the upload waiting for its slot runs', async () => {
    // One transfer at a time: the second upload waits for the slot the verifying one still holds.
    await us.api['settings.set']({ uploadConcurrency: 1 });
    const hold = holdVerification(us.harness.core.context);
    const api = createUploadHandlers(hold.ctx, { timing: { progressIntervalMs: 200, idleTimeoutMs: 15_000 } });
    try {
      const first = await makeFile(dir, 'verify-cancel.tar.zst', 2 * MiB);
      const next = await makeFile(dir, 'after-verify.tar.zst', MiB);
      const a = await api['uploads.start']({ hostId: us.hosts[0]!.id, files: [{ path: first.path }] });
      await hold.held;
      await waitTask(us, a.taskIds[0]!, (t) => t.phase === 'verifying', 'the verifying phase');
      // Released below only after the cancel: the next upload's own verification goes through at once.
      const b = await us.api['uploads.start']({ hostId: us.hosts[1]!.id, files: [{ path: next.path }] });
      expect(us.live(b.taskIds[0]!).phase).toBe('queued');

      await us.api['tasks.cancel']({ taskId: a.taskIds[0]! });
      const cancelled = await us.settled(a.taskIds[0]!);
      expect(cancelled.state).toBe('cancelled');
      expect(cancelled.phase).toBeNull();
      expect(cancelled.retryable).toBe(true);
      expect(cancelled.hosts).toHaveLength(1);
      expect(cancelled.hosts[0]).toMatchObject({
        state: 'cancelled',
        message: 'Cancelled while checking the upload: verify-cancel.tar.zst was sent but not verified.',
      });
      // The bytes did reach the host; only the check was skipped, as the message says.
      expect(await lastUpload(us.site.hosts[0]!)).toEqual({ fileName: 'verify-cancel.tar.zst', sha256Hash: first.sha256 });
      await expectFileClosed(first.path);

      hold.release();
      const moved = await us.settled(b.taskIds[0]!);
      expect(moved.state).toBe('succeeded');
      expect(await lastUpload(us.site.hosts[1]!)).toEqual({ fileName: 'after-verify.tar.zst', sha256Hash: next.sha256 });
    } finally {
      hold.release();
      await us.api['settings.set']({ uploadConcurrency: 2 });
    }
  });

  describe('to a leader', () => {
    beforeAll(async () => {
      const link = await us.api['link.followers']({ leaderId: us.hosts[0]!.id, followerIds: [us.hosts[1]!.id, us.hosts[2]!.id] });
      expect((await us.settled(link.taskId)).state).toBe('succeeded');
    });

    it('while following the sync: ends cancelled, the leader verified, each follower row closed, the next upload runs', async () => {
      // Followers that take 20 s to answer keep the sync going far longer than the cancel takes to land.
      for (const h of us.site.hosts.slice(1)) h.faults.set({ latencyMs: 20_000 });
      try {
        const first = await makeFile(dir, 'sync-cancel.tar.zst', 2 * MiB);
        const next = await makeFile(dir, 'after-sync.tar.zst', MiB);
        const { taskIds } = await us.api['uploads.start']({ hostId: us.hosts[0]!.id, files: [{ path: first.path }, { path: next.path }] });
        await waitTask(us, taskIds[0]!, (t) => t.phase === 'syncing', 'the syncing phase');
        // One upload at a time per host: the second waits while the first follows its sync.
        expect(us.live(taskIds[1]!).phase).toBe('queued');

        await us.api['tasks.cancel']({ taskId: taskIds[0]! });
        const cancelled = await us.settled(taskIds[0]!);
        expect(cancelled.state).toBe('cancelled');
        expect(cancelled.phase).toBeNull();
        expect(cancelled.hosts.map((h) => h.hostId)).toEqual(us.hosts.map((h) => h.id));
        expect(cancelled.hosts[0]!.state).toBe('succeeded');
        for (const [i, row] of cancelled.hosts.slice(1).entries()) {
          const name = us.hosts[i + 1]!.name;
          expect(row.state).not.toBe('running');
          expect(row.state).not.toBe('pending');
          expect(row.message).toBe(`Fieldlink stopped following the sync to ${name}; ${us.hosts[0]!.name} goes on with it.`);
        }
        expect(await lastUpload(us.site.hosts[0]!)).toEqual({ fileName: 'sync-cancel.tar.zst', sha256Hash: first.sha256 });
        await expectFileClosed(first.path);

        // The queue moves on: the next file goes to the leader and is verified there. Its own sync meets the same
        // slow followers, so it is followed no further.
        await waitTask(us, taskIds[1]!, (t) => t.hosts[0]?.state === 'succeeded', 'the next upload verified on the leader', 30_000);
        expect(await lastUpload(us.site.hosts[0]!)).toEqual({ fileName: 'after-sync.tar.zst', sha256Hash: next.sha256 });
        await us.api['tasks.cancel']({ taskId: taskIds[1]! });
        expect((await us.settled(taskIds[1]!)).state).toBe('cancelled');
      } finally {
        for (const h of us.site.hosts) h.faults.clear();
      }
    });
  });
});
