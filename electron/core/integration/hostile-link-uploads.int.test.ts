// Uploads over a hostile link at the TCP level (test-kit/core/hostile-link.ts): the link stalls like a pulled cable,
// or every connection is reset, in the middle of the body. The task must end with a clear message, the host must
// not be reported as holding the file, and a Retry once the link is back must upload and verify it. Against both
// simulator profiles: `full`, and `spec` with opaque tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProfileName } from '../../../simulator/site';
import { startHostileSite, type HostileSite } from '../../test-kit/core/hostile-site';
import { waitFor } from '../../test-kit/core/wait';
import { lastUpload, makeFile, tempDir } from '../../test-kit/uploads';

const MiB = 1024 * 1024;
/** The upload's idle timeout here: a stalled body fails after this long, not after the shipped two minutes. */
const IDLE_MS = 3_000;

let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ dir, remove } = await tempDir()));
afterAll(async () => remove());

describe.each(['full', 'spec'] as ApiProfileName[])('uploads over a hostile link (%s profile)', (profile) => {
  let hs: HostileSite;
  beforeAll(async () => {
    hs = await startHostileSite({
      profile,
      hosts: 1,
      uploads: { timing: { progressIntervalMs: 200, idleTimeoutMs: IDLE_MS, answerDeadlineMs: 10_000, sync: { pollMs: 150, stallMs: 20_000 } } },
    });
    await hs.h.waitHost(hs.site.hosts[0]!.id, (v) => v.online && v.access === 'ok', 30_000, 'host logged in');
  });
  afterAll(async () => hs?.close());

  /** Starts an upload over a link capped at 1 MiB/s and resolves once `after` bytes of it went out. */
  async function uploadMidway(name: string, after: number): Promise<{ taskId: string; file: { path: string; sha256: string; size: number } }> {
    const file = await makeFile(dir, name, 6 * MiB);
    hs.links[0]!.shape({ bytesPerSec: MiB });
    const { taskIds } = await hs.api['uploads.start']({ hostId: hs.site.hosts[0]!.id, files: [{ path: file.path }] });
    const taskId = taskIds[0]!;
    await waitFor(() => hs.links[0]!.delivered().up > after && hs.h.core.context.tasks.get(taskId).phase === 'uploading', {
      timeoutMs: 30_000,
      intervalMs: 20,
      what: 'upload under way',
    });
    return { taskId, file };
  }

  async function retryAndVerify(taskId: string, file: { sha256: string; size: number }, name: string): Promise<void> {
    const { taskId: retryId } = await hs.api['tasks.retry']({ taskId });
    const retried = await hs.h.core.context.tasks.settled(retryId);
    expect(retried.state, JSON.stringify(retried.hosts)).toBe('succeeded');
    expect(retried.hosts[0]!.message).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')} uploaded and verified \\(6 MiB, sha256 `));
    expect(await lastUpload(hs.site.hosts[0]!)).toEqual({ fileName: name, sha256Hash: file.sha256 });
  }

  it('fails clearly when the link stalls mid-body, and a Retry after it is back uploads and verifies', async () => {
    const name = `stalled-${profile}.tar.zst`;
    const { taskId, file } = await uploadMidway(name, MiB);
    hs.links[0]!.stall();
    const stalledAt = Date.now();
    const task = await hs.h.core.context.tasks.settled(taskId);
    const took = Date.now() - stalledAt;
    expect(task.state).toBe('failed');
    expect(task.hosts[0]!.message).toMatch(
      new RegExp(
        `stopped taking data after .* of 6 MiB of ${name.replace(/\./g, '\\.')} \\(nothing moved for 3 s\\)\\. The upload is incomplete and not reported as uploaded\\. Check the host, then retry\\.$`,
      ),
    );
    // The idle timeout, plus the time the sender's socket buffers took to fill: well under the shipped two minutes.
    expect(took).toBeLessThan(20_000);
    expect(task.retryable).toBe(true);
    expect(await lastUpload(hs.site.hosts[0]!)).not.toMatchObject({ fileName: name });
    await hs.links[0]!.restore();
    hs.links[0]!.shape({ bytesPerSec: 0 });
    await retryAndVerify(taskId, file, name);
  });

  it('fails clearly when every connection is reset mid-body, and a Retry uploads and verifies', async () => {
    const name = `cut-${profile}.tar.zst`;
    const { taskId, file } = await uploadMidway(name, MiB);
    hs.links[0]!.cut();
    const task = await hs.h.core.context.tasks.settled(taskId);
    expect(task.state).toBe('failed');
    expect(task.hosts[0]!.message).toMatch(
      new RegExp(
        `^The connection to .* broke after .* of 6 MiB of ${name.replace(/\./g, '\\.')}\\. .*not reported as uploaded\\. Check the host, then retry\\.$`,
      ),
    );
    expect(await lastUpload(hs.site.hosts[0]!)).not.toMatchObject({ fileName: name });
    hs.links[0]!.shape({ bytesPerSec: 0 });
    await retryAndVerify(taskId, file, name);
    expect((await hs.h.core.handlers['tasks.list']({})).filter((t) => t.state === 'running' || t.state === 'queued')).toEqual([]);
  });
});
