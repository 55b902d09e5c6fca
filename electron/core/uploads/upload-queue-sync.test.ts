// Several uploads at once under the concurrency setting, then uploads to a leader whose sync to each follower is
// followed to its end, in the task's per-host rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers, TaskView } from '../../../shared/contract';
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
  slow = createUploadHandlers(slowUploads(us.harness.core.context, 4 * MiB), { timing: { progressIntervalMs: 200 } });
});
afterAll(async () => {
  await us?.close();
  await remove();
});

const busy = (t: TaskView) => t.phase === 'uploading' || t.phase === 'verifying';

describe('several uploads at once', () => {
  it('runs at most uploadConcurrency transfers, and one upload at a time per host', async () => {
    await us.api['settings.set']({ uploadConcurrency: 2 });
    const files = await Promise.all([0, 1, 2, 3].map((i) => makeFile(dir, `many-${i}.tar.zst`, 3 * MiB)));
    const started = await Promise.all([
      slow['uploads.start']({ hostId: us.hosts[0]!.id, files: [{ path: files[0]!.path }, { path: files[3]!.path }] }),
      slow['uploads.start']({ hostId: us.hosts[1]!.id, files: [{ path: files[1]!.path }] }),
      slow['uploads.start']({ hostId: us.hosts[2]!.id, files: [{ path: files[2]!.path }] }),
    ]);
    const ids = started.flatMap((s) => s.taskIds);
    const sameHost = started[0]!.taskIds;
    let most = 0;
    let overlapOnOneHost = false;
    while (ids.some((id) => us.live(id).endedAt === null)) {
      const views = ids.map((id) => us.live(id));
      most = Math.max(most, views.filter(busy).length);
      if (sameHost.every((id) => us.live(id).phase !== null && us.live(id).phase !== 'queued')) overlapOnOneHost = true;
      await new Promise((r) => setTimeout(r, 15));
    }
    expect(most).toBe(2);
    expect(overlapOnOneHost).toBe(false);
    const ended = await Promise.all(ids.map((id) => us.settled(id)));
    expect(ended.map((t) => t.state)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect((await lastUpload(us.site.hosts[0]!))?.fileName).toBe('many-3.tar.zst');
    await us.api['settings.set']({ uploadConcurrency: 2 });
  });
});

describe('uploads to a leader', () => {
  beforeAll(async () => {
    const link = await us.api['link.followers']({ leaderId: us.hosts[0]!.id, followerIds: [us.hosts[1]!.id, us.hosts[2]!.id] });
    const linked = await us.settled(link.taskId);
    expect(linked.state).toBe('succeeded');
  });

  it('follows the sync to each follower until it is completed', async () => {
    // Followers that answer slowly make the sync long enough to be seen in progress.
    for (const h of us.site.hosts.slice(1)) h.faults.set({ latencyMs: 300 });
    try {
      const file = await makeFile(dir, 'synced.tar.zst', 16 * MiB);
      const { taskIds } = await us.api['uploads.start']({ hostId: us.hosts[0]!.id, files: [{ path: file.path }] });
      await waitTask(us, taskIds[0]!, (t) => t.phase === 'syncing', 'the syncing phase');
      const task = await us.settled(taskIds[0]!);
      expect(task.state).toBe('succeeded');
      expect(task.hosts.map((h) => [h.hostId, h.state])).toEqual([
        [us.hosts[0]!.id, 'succeeded'],
        [us.hosts[1]!.id, 'succeeded'],
        [us.hosts[2]!.id, 'succeeded'],
      ]);
      expect(task.hosts[1]).toMatchObject({ name: us.hosts[1]!.name, detail: 'Completed', message: `synced.tar.zst synced from ${us.hosts[0]!.name}.` });
      const details = us.harness.events
        .filter((e) => e.name === 'tasks.changed' && (e.payload as TaskView).id === task.id)
        .flatMap((e) => (e.payload as TaskView).hosts.slice(1).map((h) => h.detail));
      expect(details.some((d) => d !== null && /^(Pending|InProgress \d{1,2}%)$/.test(d))).toBe(true);
      for (const h of us.site.hosts) expect(await lastUpload(h)).toEqual({ fileName: 'synced.tar.zst', sha256Hash: file.sha256 });
    } finally {
      for (const h of us.site.hosts) h.faults.clear();
    }
  });

  it('shows a follower whose sync failed, while the others complete', async () => {
    us.site.hosts[2]!.faults.set({ resetAfterBytes: 64 * 1024 });
    try {
      const file = await makeFile(dir, 'partly.tar.zst', 2 * MiB);
      const { taskIds } = await us.api['uploads.start']({ hostId: us.hosts[0]!.id, files: [{ path: file.path }] });
      const task = await us.settled(taskIds[0]!);
      expect(task.state).toBe('partial');
      expect(task.hosts.map((h) => [h.state, h.detail])).toEqual([
        ['succeeded', null],
        ['succeeded', 'Completed'],
        ['failed', 'Failed'],
      ]);
      expect(task.hosts[2]!.message).toMatch(
        new RegExp(
          `^${us.hosts[0]!.name} could not sync partly\\.tar\\.zst to ${us.hosts[2]!.name}: .+\\. Check that ${us.hosts[2]!.name} is on and still linked\\.$`,
        ),
      );
    } finally {
      us.site.hosts[2]!.faults.clear();
    }
  });

  it('refuses an upload to a follower, naming its leader', async () => {
    const file = await makeFile(dir, 'wrong-host.tar.zst', MiB);
    const { taskIds } = await us.api['uploads.start']({ hostId: us.hosts[1]!.id, files: [{ path: file.path }] });
    const task = await us.settled(taskIds[0]!);
    expect(task.state).toBe('failed');
    expect(task.error?.message).toBe(
      `${us.hosts[1]!.name} is a follower of ${us.hosts[0]!.name}: upload to ${us.hosts[0]!.name}, which syncs the content to its followers.`,
    );
    expect(task.progress).toBeNull();
  });
});
