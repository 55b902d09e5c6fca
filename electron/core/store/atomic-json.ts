// JSON files in the state directory: written through the app's one atomic writer (shared/node/atomic-file.ts: temp
// file, fsync, rename, fsync of the directory) so a crash or power cut leaves either the old or the new file, and
// validated on read so a damaged file is moved aside and reported instead of stopping Fieldlink.
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { jsonText, writeFileAtomic } from '../../../shared/node/atomic-file';
import { LOCK_WAIT_MS, lockFile } from './file-lock';

export interface StoreProblem {
  file: string;
  message: string;
  movedTo: string | null;
}

/** One JSON value written once (no coalescing): the shared writer with the app's JSON layout. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, jsonText(value));
}

/**
 * Reads and validates `file`. Missing → `fallback`. Unreadable JSON or a shape that fails `schema` → the file is
 * renamed to `<name>.corrupt-<time>` and reported through `onProblem`, and `fallback` is returned.
 */
export async function readJsonValidated<T>(file: string, schema: z.ZodType<T>, fallback: () => T, onProblem: (problem: StoreProblem) => void): Promise<T> {
  const first = await readChecked(file, schema);
  if ('value' in first) return first.value;
  if ('missing' in first) return fallback();
  if ('unreadable' in first) {
    onProblem({ file, message: first.unreadable, movedTo: null });
    return fallback();
  }
  // Damaged. Under the lock the other processes' writes take, and read again: one of them may have replaced the file
  // with a good one since, which must not be moved aside.
  let release: (() => Promise<void>) | null = null;
  try {
    release = await lockFile(`${file}.lock`, LOCK_WAIT_MS, path.basename(file));
  } catch {
    // The lock could not be had (a read-only folder, a long-held lock): the damaged file is still moved aside.
  }
  try {
    const again = release ? await readChecked(file, schema) : first;
    if ('value' in again) return again.value;
    if ('missing' in again) return fallback();
    const message = 'unreadable' in again ? again.unreadable : again.damaged;
    const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(file, movedTo);
      onProblem({ file, message, movedTo });
    } catch {
      onProblem({ file, message, movedTo: null });
    }
    return fallback();
  } finally {
    await release?.();
  }
}

type Checked<T> = { value: T } | { missing: true } | { unreadable: string } | { damaged: string };

async function readChecked<T>(file: string, schema: z.ZodType<T>): Promise<Checked<T>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { unreadable: `cannot read: ${(err as Error).message}` };
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return { value: parsed.data };
    return { damaged: `not valid: ${parsed.error.issues[0]?.path.join('.') || 'file'} ${parsed.error.issues[0]?.message ?? ''}`.trim() };
  } catch (err) {
    return { damaged: `not JSON: ${(err as Error).message}` };
  }
}

/**
 * A store file that other processes write too (the desktop app, a CLI run, `serve`, all on one state folder).
 * Every write takes the lock beside the file (file-lock.ts), re-reads the file, applies only this process's change
 * to what is there now and renames the result into place before letting go, so an entry another process added since
 * this one loaded is kept, never overwritten by this process's older view, and no other process's write can land
 * between the re-read and the rename. Writes of this process are serialised; a failed one is reported through
 * `onProblem` and its change is applied again, before the next change, by the next write.
 */
export class MergedJsonFile<T> {
  private queue: Promise<void> = Promise.resolve();
  /** Changes whose write failed, oldest first: the next write applies them before its own. */
  private failed: ((current: T) => T)[] = [];

  constructor(
    readonly file: string,
    private readonly schema: z.ZodType<T>,
    private readonly empty: () => T,
    /** Where a failed write is reported ("cannot save: ..."), as for every store file. */
    private readonly onProblem: (p: StoreProblem) => void,
    /** The file in a technician's words, for the message when the lock wait runs out ("the record of pinned host certificates"). */
    private readonly what: string,
    /** How long a write waits for another process's write to end. */
    private readonly lockWaitMs = LOCK_WAIT_MS,
  ) {}

  private sealed = false;

  update(change: (current: T) => T): Promise<void> {
    // After close: a read still in flight when the core stopped must not write into a folder being cleaned up.
    if (this.sealed) return this.queue;
    const run = this.queue.then(async () => {
      const changes = [...this.failed, change];
      this.failed = [];
      try {
        const release = await lockFile(`${this.file}.lock`, this.lockWaitMs, this.what);
        try {
          const next = changes.reduce<T>((value, apply) => apply(value), await this.current());
          await writeFileAtomic(this.file, jsonText(next));
        } finally {
          await release();
        }
      } catch (err) {
        this.failed = changes;
        this.onProblem({ file: path.basename(this.file), message: `cannot save: ${(err as Error).message}`, movedTo: null });
      }
    });
    this.queue = run;
    return run;
  }

  flush(): Promise<void> {
    return this.queue;
  }

  /** Writes what is queued, then takes no more changes. */
  async close(): Promise<void> {
    this.sealed = true;
    await this.queue;
  }

  /** What the file holds now; a file that is missing or unreadable counts as empty (load reported it already). */
  private async current(): Promise<T> {
    try {
      const parsed = this.schema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data : this.empty();
    } catch {
      return this.empty();
    }
  }
}
