// The two upload commands. uploads.check answers what the UI shows next to dropped files; uploads.start refuses
// the whole batch when any file (or signature) is unusable, so nothing is sent from a drop the technician must fix
// first, then starts one task per file behind the shared upload queue.
import type { FileCheck, Handlers } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { inspectFile, inspectSignature } from './classify';
import { UploadQueue } from './queue';
import { DEFAULT_UPLOAD_TIMING, uploadTaskSpec, type UploadTiming } from './upload-task';

export interface UploadOptions {
  /** Internal: faster sync polling and progress for tests and benchmarks. */
  timing?: Partial<Omit<UploadTiming, 'sync'>> & { sync?: Partial<UploadTiming['sync']> };
}

export function createUploadHandlers(ctx: CoreContext, options: UploadOptions = {}): Pick<Handlers, 'uploads.check' | 'uploads.start'> {
  const timing: UploadTiming = {
    ...DEFAULT_UPLOAD_TIMING,
    ...options.timing,
    sync: { ...DEFAULT_UPLOAD_TIMING.sync, ...options.timing?.sync },
  };
  const queue = new UploadQueue(() => ctx.settings().uploadConcurrency);
  const deps = { ctx, queue, timing };

  return {
    'uploads.check': async ({ paths }) => Promise.all(paths.map(async (file): Promise<FileCheck> => (await inspectFile(file)).check)),

    'uploads.start': async ({ hostId, files }) => {
      const host = ctx.hosts.resolve(hostId);
      const problems: string[] = [];
      for (const file of files) {
        const [main, signature] = await Promise.all([inspectFile(file.path), file.signaturePath ? inspectSignature(file.signaturePath) : null]);
        if (main.check.error) problems.push(main.check.error);
        if (signature?.check.error) problems.push(signature.check.error);
      }
      if (problems.length > 0) {
        // One line: every bridge (and the CLI's terminal-safe output) keeps it whole.
        throw new ConsoleError('file-rejected', `Nothing was uploaded. ${problems.join(' ')}`, host.id);
      }
      const taskIds = files.map(
        (file) =>
          ctx.tasks.start(
            uploadTaskSpec(deps, { hostId: host.id, path: file.path, ...(file.signaturePath ? { signaturePath: file.signaturePath } : {}) }, host.name),
          ).id,
      );
      return { taskIds };
    },
  };
}
