// JSON files in the state directory: written through the app's one atomic writer (shared/node/atomic-file.ts: temp
// file, fsync, rename, fsync of the directory) so a crash or power cut leaves either the old or the new file, and
// validated on read so a damaged file is moved aside and reported instead of stopping Fieldlink.
import { readFile, rename } from 'node:fs/promises';
import { jsonText, writeFileAtomic } from '../../../shared/node/atomic-file';
import type { z } from 'zod';

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
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fallback();
    onProblem({ file, message: `cannot read: ${(err as Error).message}`, movedTo: null });
    return fallback();
  }
  let message: string;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    message = `not valid: ${parsed.error.issues[0]?.path.join('.') || 'file'} ${parsed.error.issues[0]?.message ?? ''}`.trim();
  } catch (err) {
    message = `not JSON: ${(err as Error).message}`;
  }
  const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(file, movedTo);
    onProblem({ file, message, movedTo });
  } catch {
    onProblem({ file, message, movedTo: null });
  }
  return fallback();
}

/**
 * A store file that other processes write too (the desktop app, a CLI run, `serve`, all on one state folder).
 * Every write re-reads the file and applies only this process's change to what is there now, so an entry another
 * process added since this one loaded is kept, never overwritten by this process's older view. Writes of this
 * process are serialised; a failed one is reported through `onError` and the next one tries again.
 */
export class MergedJsonFile<T> {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly schema: z.ZodType<T>,
    private readonly empty: () => T,
    private readonly onError: (err: unknown) => void,
  ) {}

  private sealed = false;

  update(change: (current: T) => T): Promise<void> {
    // After close: a read still in flight when the core stopped must not write into a folder being cleaned up.
    if (this.sealed) return this.queue;
    const run = this.queue.then(async () => {
      try {
        await writeFileAtomic(this.file, jsonText(change(await this.current())));
      } catch (err) {
        this.onError(err);
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
