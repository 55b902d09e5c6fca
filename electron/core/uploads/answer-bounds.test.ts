// Issue 12: the host's answer to an upload is bounded. A host that answers with 400 MB is not read past a few MB,
// and one that trickles its answer a byte at a time (never idle long enough for the idle timeout) is given up on
// a fixed time after it had the whole body. Driven over real HTTPS against a tiny stub whose upload route streams
// by hand; every other route answers like a healthy host (fake-host's defaults).
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../../shared/local-api/types';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { startHttpsStub } from '../../test-kit/core/https-stub';
import { createUploadHandlers } from './handlers';
import { makeFile, tempDir } from '../../test-kit/uploads';

const MiB = 1024 * 1024;
type Mode = 'huge' | 'trickle';

interface Stub {
  url: string;
  mode: Mode;
  /** Answer bytes the stub managed to write before the console stopped reading. */
  written: number;
  close(): Promise<void>;
}

async function startStub(): Promise<Stub> {
  const timers = new Set<NodeJS.Timeout>();
  const answerUpload = (res: ServerResponse) => {
    stub.written = 0;
    if (stub.mode === 'huge') {
      // 400 MB of "JSON", written as fast as the console takes it.
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': String(400 * 1024 * MiB) });
      const block = Buffer.alloc(MiB, 0x20);
      const pump = () => {
        while (!res.destroyed && stub.written < 400 * MiB) {
          stub.written += block.length;
          if (!res.write(block)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
      return;
    }
    // One byte every 300 ms for a minute: never idle for the idle timeout, never finished.
    res.writeHead(201, { 'content-type': 'application/json' });
    const drip = setInterval(() => {
      if (res.destroyed || stub.written > 200) return clearInterval(drip);
      stub.written += 1;
      res.write(' ');
    }, 300);
    timers.add(drip);
  };
  // The upload route streams its answer by hand once it has the whole body; the rest answer like a healthy host.
  const server = await startHttpsStub((req, res) => {
    if (req.url !== paths.uploadContent) return false;
    req.resume();
    req.on('end', () => answerUpload(res));
    return true;
  });
  server.onClose(() => {
    for (const t of timers) clearInterval(t);
  });
  const stub: Stub = { url: server.url, mode: 'huge', written: 0, close: () => server.close() };
  return stub;
}

let stub: Stub;
let h: Harness;
let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => {
  ({ dir, remove } = await tempDir());
  stub = await startStub();
  h = await startHarness({ trustNew: true, user: 'kairos', password: 'kairos' });
});
afterAll(async () => {
  await h?.close();
  await stub?.close();
  await remove();
});

async function upload(answerDeadlineMs: number) {
  const file = await makeFile(dir, 'bundle.tar.zst', 256 * 1024);
  const host = await h.core.handlers['hosts.add']({ address: stub.url });
  const api = createUploadHandlers(h.core.context, { timing: { progressIntervalMs: 200, idleTimeoutMs: 15_000, answerDeadlineMs } });
  const started = Date.now();
  const { taskIds } = await api['uploads.start']({ hostId: host.id, files: [{ path: file.path }] });
  const task = await h.core.context.tasks.settled(taskIds[0]!);
  return { task, ms: Date.now() - started, host };
}

describe('the answer to an upload', () => {
  it('is not read past a few MB when the host answers with 400 MB', async () => {
    stub.mode = 'huge';
    const rssBefore = process.memoryUsage().rss;
    const { task, host } = await upload(30_000);
    expect(task.state).toBe('failed');
    expect(task.error?.code).toBe('bad-answer');
    expect(task.error?.message).toBe(
      `${host.name} answered the upload of bundle.tar.zst with far more data than an answer holds; Fieldlink stopped reading it. The upload is not reported as uploaded. Check the host, then retry.`,
    );
    // The stub got a few socket buffers past the 4 MB limit out, never the 400 MB.
    expect(stub.written).toBeLessThan(64 * MiB);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * MiB);
    console.log(
      `400 MB answer: stopped after ${(stub.written / MiB).toFixed(0)} MiB written by the host; rss +${((process.memoryUsage().rss - rssBefore) / MiB).toFixed(0)} MiB`,
    );
  });

  it('trickled a byte at a time ends the task a fixed time after the body was sent', async () => {
    stub.mode = 'trickle';
    const { task, ms, host } = await upload(1_500);
    expect(task.state).toBe('failed');
    expect(task.error?.code).toBe('timeout');
    expect(task.error?.message).toBe(
      `${host.name} received all of bundle.tar.zst but did not finish its answer within 2 s, so Fieldlink stopped waiting. The upload is not reported as uploaded. Check the host, then retry.`,
    );
    // The stub would trickle for a minute; the deadline (1.5 s) ended it. Generous ceiling for a loaded machine.
    expect(ms).toBeLessThan(20_000);
    expect(stub.written).toBeLessThan(100);
  });
});
