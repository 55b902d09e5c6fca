// Files written so that a crash or power cut leaves either the old or the new content, never half of it: a temp
// file beside the target, fsync, rename, then fsync of the directory. Node only (the console core, the simulator and
// the CLI's loader); the renderer never imports this.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Beside the target (a rename within one folder), hidden, unique to this write, and ending in `.tmp`. */
const temporaryFor = (file: string): string => path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

export async function writeFileAtomic(file: string, data: string | Buffer, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = temporaryFor(file);
  try {
    const handle = await open(temp, 'w', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
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

/** writeFileAtomic for code that cannot wait: a process's 'exit' handler (the CLI's compile cache, cli/start.ts). */
export function writeFileAtomicSync(file: string, data: string | Buffer, mode = 0o600): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = temporaryFor(file);
  try {
    const fd = openSync(temp, 'w', mode);
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  try {
    const dirFd = openSync(dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    /* best effort, as above */
  }
}

export const jsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * One JSON file owned by one writer: saves are serialised and coalesced (the newest value wins), and `flush`
 * waits for everything saved so far. With `onError`, a failed write is reported and the next save tries again;
 * without it, the failure rejects the pending save.
 */
export class CoalescedJsonFile<T> {
  private writing: Promise<void> | null = null;
  private pending: { value: T } | null = null;

  constructor(
    readonly file: string,
    private readonly onError?: (err: unknown) => void,
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
          await writeFileAtomic(this.file, jsonText(value));
        } catch (err) {
          if (!this.onError) throw err;
          this.onError(err);
        }
      }
    } finally {
      this.writing = null;
    }
  }
}
