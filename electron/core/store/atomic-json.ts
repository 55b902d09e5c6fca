// JSON files in the state directory: written atomically (temp file, fsync, rename, fsync of the directory) so a
// crash or power cut leaves either the old or the new file, and validated on read so a damaged file is moved
// aside and reported instead of stopping Fieldlink.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';

export interface StoreProblem {
  file: string;
  message: string;
  movedTo: string | null;
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  // The rename is durable only once the directory entry is; some file systems refuse to open a directory.
  try {
    const dirHandle = await open(dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  } catch {
    /* best effort */
  }
}

/**
 * Reads and validates `file`. Missing → `fallback`. Unreadable JSON or a shape that fails `schema` → the file is
 * renamed to `<name>.corrupt-<time>` and reported through `onProblem`, and `fallback` is returned.
 */
export async function readJsonValidated<T>(
  file: string,
  schema: z.ZodType<T>,
  fallback: () => T,
  onProblem: (problem: StoreProblem) => void,
): Promise<T> {
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
 * One JSON file owned by one writer: saves are serialised and coalesced (the newest value wins), and `flush`
 * waits for everything saved so far.
 */
export class JsonFile<T> {
  private writing: Promise<void> | null = null;
  private pending: { value: T } | null = null;

  constructor(
    readonly file: string,
    private readonly onError: (err: unknown) => void,
  ) {}

  save(value: T): Promise<void> {
    this.pending = { value };
    if (!this.writing) this.writing = this.drain();
    return this.writing;
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const { value } = this.pending;
        this.pending = null;
        try {
          await writeJsonAtomic(this.file, value);
        } catch (err) {
          this.onError(err);
        }
      }
    } finally {
      this.writing = null;
    }
  }
}
