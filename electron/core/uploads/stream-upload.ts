// Uploads of files that arrive as streams (the browser console's drops, through `serve`): the same task as an upload
// by path (queue, checks, progress, sha256 verification, sync following), fed from the request body instead of a
// file. Nothing is written to disk on the way.
import type { CoreContext } from '../context';
import { UploadQueue } from './queue';
import { StreamSource } from './stream-source';
import { DEFAULT_UPLOAD_TIMING, uploadTaskSpec, type UploadTiming } from './upload-task';

export interface StreamUploads {
  /** Starts the upload task at once; the body is read when the task's turn comes (backpressure holds the page). */
  start(hostId: string, name: string, size: number, body: AsyncIterable<Buffer | Uint8Array>): { taskId: string; settled: Promise<unknown> };
}

export function createStreamUploads(ctx: CoreContext, timing: UploadTiming = DEFAULT_UPLOAD_TIMING): StreamUploads {
  // Its own queue: the slots per host still hold (one upload at a time per host among streamed files).
  const queue = new UploadQueue(() => ctx.settings().uploadConcurrency);
  return {
    start(hostId, name, size, body) {
      const host = ctx.hosts.resolve(hostId);
      const stream = new StreamSource(name, size, body);
      const view = ctx.tasks.start(uploadTaskSpec({ ctx, queue, timing }, { hostId: host.id, path: name, stream }, host.name));
      return { taskId: view.id, settled: ctx.tasks.settled(view.id) };
    },
  };
}
