// Test helpers for uploads: generated bundles on disk, and a core with the upload handlers on fast timings,
// talking to a simulated site on 127.0.0.1.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, readdir, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import type { Handlers, HostView, TaskView } from '../../shared/contract';
import { paths } from '../../shared/local-api/types';
import type { AgentClient, CoreContext, StreamPostOptions } from '../core/context';
import type { Site, SiteHost } from '../../simulator/site';
import { startHarness, type Harness } from './core/core-harness';
import { SIM_PASSWORD, SIM_USER, startTestSite } from './core/sim';
import { waitFor } from './core/wait';
import { createUploadHandlers, type UploadOptions } from '../core/uploads/handlers';

export const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
export const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08, 0x00]);

/** A file of `size` bytes starting with `head`, the rest pseudo-random; answers its path and sha256. */
export async function makeFile(dir: string, name: string, size: number, head: Buffer = ZSTD_MAGIC): Promise<{ path: string; sha256: string; size: number }> {
  const file = path.join(dir, name);
  const hash = createHash('sha256');
  const handle = await open(file, 'w');
  try {
    const block = randomBytes(1024 * 1024);
    for (let written = 0; written < size;) {
      const part =
        written === 0 ? Buffer.concat([head, block]).subarray(0, Math.min(size, 1024 * 1024)) : block.subarray(0, Math.min(block.length, size - written));
      hash.update(part);
      await handle.write(part);
      written += part.length;
    }
  } finally {
    await handle.close();
  }
  return { path: file, sha256: hash.digest('hex'), size };
}

export async function tempDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-uploads-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export const FAST: UploadOptions = { timing: { progressIntervalMs: 1_000, idleTimeoutMs: 15_000, sync: { pollMs: 150, stallMs: 20_000 } } };

export interface UploadSite {
  site: Site;
  harness: Harness;
  /** Core handlers, with the upload commands from this module on fast timings. */
  api: Handlers;
  hosts: HostView[];
  settled(taskId: string): Promise<TaskView>;
  live(taskId: string): TaskView;
  close(): Promise<void>;
}

/** A simulated site of `hosts` hosts, each added to a fresh core by address, trusted, with site credentials. */
export async function startUploadSite(hosts: number, options: UploadOptions = FAST): Promise<UploadSite> {
  const site = await startTestSite({ hosts });
  const harness = await startHarness({ trustNew: true, user: SIM_USER, password: SIM_PASSWORD });
  try {
    const views: HostView[] = [];
    for (const host of site.hosts) views.push(await harness.core.handlers['hosts.add']({ address: `127.0.0.1:${host.port}` }));
    const api: Handlers = { ...harness.core.handlers, ...createUploadHandlers(harness.core.context, options) };
    return {
      site,
      harness,
      api,
      hosts: views,
      settled: (taskId) => harness.core.context.tasks.settled(taskId),
      live: (taskId) => harness.core.context.tasks.get(taskId),
      close: async () => {
        await harness.close();
        await site.stop();
      },
    };
  } catch (err) {
    await harness.close();
    await site.stop();
    throw err;
  }
}

/** What the simulated host says it stored last (from its admin interface, not the API under test). */
export async function lastUpload(host: SiteHost): Promise<{ fileName: string; sha256Hash: string } | null> {
  const res = await fetch(`${host.admin}/state`);
  return ((await res.json()) as { lastUpload: { fileName: string; sha256Hash: string } | null }).lastUpload;
}

/** Waits until the task's live view (not the throttled events) satisfies `ok`. */
export function waitTask(us: UploadSite, taskId: string, ok: (t: TaskView) => boolean, what: string, timeoutMs = 15_000): Promise<TaskView> {
  return waitFor(
    () => {
      const view = us.live(taskId);
      return ok(view) ? view : null;
    },
    { timeoutMs, intervalMs: 20, what },
  );
}

/**
 * A context whose uploads leave at most `bytesPerSec`, like a slow site network: long enough to cancel, cut or
 * change a file mid-upload without depending on timing luck. Only the wire is slowed; reading and hashing are real.
 */
export function slowUploads(ctx: CoreContext, bytesPerSec: number): CoreContext {
  const slow = (source: Readable): Readable => {
    const piece = 64 * 1024;
    const throttle = new Transform({
      transform(chunk: Buffer, _enc, done) {
        const push = (offset: number) => {
          if (offset >= chunk.length) return done();
          this.push(chunk.subarray(offset, offset + piece));
          setTimeout(() => push(offset + piece), (Math.min(piece, chunk.length - offset) / bytesPerSec) * 1000);
        };
        push(0);
      },
    });
    // pipeline, not pipe: cancelling the request must also stop (and close) the file reader behind it.
    pipeline(source, throttle, () => undefined);
    return throttle;
  };
  return withAgents(ctx, (agent) => {
    return new Proxy(agent, {
      get(target, prop) {
        if (prop === 'postStream') {
          return (p: string, opts: StreamPostOptions) => target.postStream(p, { ...opts, body: (connected) => slow(opts.body(connected)) });
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  });
}

/**
 * The context with each agent client passed through `wrap`. A proxy, not a copy: the core's context is itself a
 * proxy that follows the open site, and a spread copy of it would be empty.
 */
function withAgents(ctx: CoreContext, wrap: (agent: AgentClient) => AgentClient): CoreContext {
  return new Proxy(ctx, {
    get(target, prop) {
      if (prop === 'agentFor') return (ref: string) => wrap(target.agentFor(ref));
      return target[prop as keyof CoreContext];
    },
  });
}

/**
 * A context whose uploads pause before their uploaded-content/details call (the verification), until `release()`
 * or until the task is cancelled; the call itself then goes to the host for real. `held` resolves once a
 * verification is waiting, so a test can act exactly while an upload is verifying.
 */
export function holdVerification(ctx: CoreContext): { ctx: CoreContext; held: Promise<void>; release(): void } {
  let reached!: () => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const wrapped = withAgents(
    ctx,
    (agent) =>
      new Proxy(agent, {
        get(target, prop) {
          if (prop === 'json') {
            return async (...args: Parameters<AgentClient['json']>) => {
              const [method, apiPath, , , opts] = args;
              if (method === 'GET' && apiPath === paths.uploadedContent) {
                reached();
                const signal = opts?.signal;
                await new Promise<void>((resolve) => {
                  void released.then(resolve); // reason: released never rejects
                  signal?.addEventListener('abort', () => resolve(), { once: true });
                });
              }
              return target.json(...args);
            };
          }
          const value = Reflect.get(target, prop, target) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }),
  );
  return { ctx: wrapped, held, release };
}

/** File descriptors of this process open on `file` (Linux: /proc/self/fd); null where that cannot be seen. */
export async function openHandlesOn(file: string): Promise<number | null> {
  if (process.platform !== 'linux') return null;
  let count = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target === file) count++;
  }
  return count;
}
