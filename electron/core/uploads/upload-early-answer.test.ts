// A host that answers the upload before it has the whole body (413 too large, 401 session refused, mid-stream),
// and a host that takes the upload but fails the uploaded-content/details call that verifies it. Driven over real
// HTTPS against a stub (fake-host's healthy routes, plus an upload route and a details route set per test).
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostView } from '../../../shared/contract';
import { paths } from '../../../shared/local-api/types';
import { makeFile, openHandlesOn, tempDir } from '../../test-kit/uploads';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { startHttpsStub } from '../../test-kit/core/https-stub';
import { createUploadHandlers } from './handlers';

const MiB = 1024 * 1024;

/** How the stub answers the upload: early (on the first body bytes) with a status, or after the whole body. */
type UploadMode = { early: number; body: object; closeAfter: boolean } | { complete: true };
/** How it answers the details call after a complete upload. */
type DetailsMode = { status: number; body: object } | 'cut';

interface Stub {
  url: string;
  upload: UploadMode;
  details: DetailsMode;
  /** Upload attempts seen, and body bytes received in each. */
  attempts: number[];
  close(): Promise<void>;
}

async function startStub(): Promise<Stub> {
  const json = (res: ServerResponse, status: number, body: object, close = false) => {
    res.writeHead(status, { 'content-type': 'application/json', ...(close ? { connection: 'close' } : {}) });
    res.end(JSON.stringify(body));
  };
  // The upload and details routes answer as the test set them; the rest answer like a healthy host.
  const server = await startHttpsStub((req, res) => {
    if (req.url === paths.uploadContent) {
      const attempt = stub.attempts.push(0) - 1;
      const mode = stub.upload;
      let answered = false;
      req.on('data', (c: Buffer) => {
        stub.attempts[attempt]! += c.length;
        if ('early' in mode && !answered) {
          answered = true;
          // Like a real server refusing a body: answer at once and stop reading; some also close the connection.
          req.pause();
          if (mode.closeAfter) res.once('finish', () => req.socket.destroy());
          json(res, mode.early, mode.body, true);
        }
      });
      req.on('end', () => {
        if (!answered) json(res, 201, {});
      });
      return true;
    }
    if (req.url === paths.uploadedContent) {
      const mode = stub.details;
      if (mode === 'cut') req.socket.destroy();
      else json(res, mode.status, mode.body);
      return true;
    }
    return false;
  });
  const stub: Stub = { url: server.url, upload: { complete: true }, details: 'cut', attempts: [], close: () => server.close() };
  return stub;
}

let stub: Stub;
let h: Harness;
let host: HostView;
let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  stub = await startStub();
  h = await startHarness({ trustNew: true, user: 'kairos', password: 'kairos' });
  host = await h.core.handlers['hosts.add']({ address: stub.url });
});
afterAll(async () => {
  await h?.close();
  await stub?.close();
  await remove();
});

async function upload(name: string, size: number) {
  const file = await makeFile(dir, name, size);
  stub.attempts = [];
  const api = createUploadHandlers(h.core.context, { timing: { progressIntervalMs: 200, idleTimeoutMs: 15_000 } });
  const { taskIds } = await api['uploads.start']({ hostId: host.id, files: [{ path: file.path }] });
  const task = await h.core.context.tasks.settled(taskIds[0]!);
  return { task, file };
}

describe('a host that answers before it has the whole upload', () => {
  for (const closeAfter of [false, true]) {
    it(`413 mid-stream (${closeAfter ? 'connection closed after the answer' : 'connection left open'}): fails with the host reason, file closed`, async () => {
      stub.upload = { early: 413, body: { code: 'PayloadTooLarge', message: 'bundle exceeds the 10 MiB limit of this host' }, closeAfter };
      const { task, file } = await upload('too-big.tar.zst', 64 * MiB);
      expect(task.state).toBe('failed');
      expect(task.error?.code).toBe('refused');
      expect(task.error?.message).toBe(`${host.name} (${stub.url.slice(8)}) refused to take too-big.tar.zst: bundle exceeds the 10 MiB limit of this host.`);
      // The host answered early: far from the whole body went out, and nothing claims it did.
      expect(stub.attempts).toHaveLength(1);
      expect(stub.attempts[0]!).toBeLessThan(file.size);
      expect(task.progress?.done ?? 0).toBeLessThan(file.size);
      const open = await openHandlesOn(file.path);
      if (open === null) console.log('skipped the open-file check: /proc/self/fd exists on Linux only');
      else expect(open).toBe(0);
    });
  }

  it('401 mid-stream twice: logs in again once, then fails saying the host refused the session', async () => {
    stub.upload = { early: 401, body: { code: 'Unauthorized', message: 'session expired' }, closeAfter: false };
    const { task, file } = await upload('refused.tar.zst', 64 * MiB);
    expect(task.state).toBe('failed');
    expect(task.error?.code).toBe('auth-failed');
    expect(task.error?.message).toBe(`${host.name} (${stub.url.slice(8)}) refused the session: session expired. Check the credentials.`);
    // The body is sent again from its first byte after a fresh login, never more than twice.
    expect(stub.attempts).toHaveLength(2);
    for (const got of stub.attempts) expect(got).toBeLessThan(file.size);
    const open = await openHandlesOn(file.path);
    if (open === null) console.log('skipped the open-file check: /proc/self/fd exists on Linux only');
    else expect(open).toBe(0);
  });
});

describe('an upload whose verification call fails', () => {
  it('says the file was sent but not checked, with the host reason, and to upload again', async () => {
    stub.upload = { complete: true };
    stub.details = { status: 500, body: { code: 'InternalError', message: 'content index is being rebuilt' } };
    const { task, file } = await upload('unchecked.tar.zst', 2 * MiB);
    expect(stub.attempts).toHaveLength(1);
    expect(stub.attempts[0]!).toBeGreaterThan(file.size);
    expect(task.state).toBe('failed');
    expect(task.error?.code).toBe('verify-failed');
    expect(task.error?.message).toBe(
      `unchecked.tar.zst was sent, but Fieldlink could not check what ${host.name} stored: ${host.name} (${stub.url.slice(8)}) failed to show the uploaded content details: content index is being rebuilt. Upload it again to be sure.`,
    );
    expect(task.retryable).toBe(true);
  });

  it('says so too when the connection is cut during the details call', async () => {
    stub.upload = { complete: true };
    stub.details = 'cut';
    const { task } = await upload('cut-check.tar.zst', MiB);
    expect(task.state).toBe('failed');
    expect(task.error?.code).toBe('verify-failed');
    expect(task.error?.message).toMatch(
      new RegExp(`^cut-check\\.tar\\.zst was sent, but Fieldlink could not check what ${host.name} stored: .+ Upload it again to be sure\\.$`),
    );
  });
});
