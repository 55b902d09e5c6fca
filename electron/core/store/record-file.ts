// A small JSON record of keyed entries in the state folder that several fieldlink processes write (every CLI command
// is a process of its own, and a script may start several at once; the desktop app may run too). Read once when
// opened (synchronously: it is a few hundred bytes, and a command needs it before its first request). A write takes
// a lock beside the file, re-reads what is there now, applies only this process's own changes through the record's
// merge rule, and renames the result into place with the app's one atomic writer before letting go: written plainly,
// the second of two writers would drop the first one's entries.
// The records sit behind interfaces taking a folder, so they can move into a per-site folder later.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { jsonText, writeFileAtomic } from '../../../shared/node/atomic-file';
import type { StoreProblem } from './atomic-json';
import { lockFile } from './file-lock';

export interface RecordSpec<S, V> {
  /** The file's name in the state folder. */
  name: string;
  /** The record in a technician's words, for messages: "the record of refused logins". */
  what: string;
  schema: z.ZodType<S>;
  /** The entries of a saved file, by key. */
  entries(saved: S): Record<string, V>;
  /** The file to save for these entries. */
  file(entries: Record<string, V>): S;
  /**
   * What the file keeps for a key this process changed: `mine` is this process's change (null: it forgot the key),
   * `onDisk` what the file holds for it now, perhaps written by another process since this one read it. Null drops it.
   */
  merge(mine: V | null, onDisk: V | undefined): V | null;
  /** Whether an entry is still worth keeping when the file is written (default: all are). */
  keep?(value: V, now: number): boolean;
}

export class RecordFile<S, V> {
  private readonly file: string;
  /** This process's changes not yet written: an entry to keep, or null for one to forget. */
  private readonly pending = new Map<string, V | null>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    dir: string,
    private readonly spec: RecordSpec<S, V>,
    private readonly onProblem: (p: StoreProblem) => void = () => {},
    /** How long a write waits for another process's write to end. */
    private readonly lockWaitMs = 30_000,
  ) {
    this.file = path.join(dir, spec.name);
  }

  /** The saved entries, or none when there is no file or it cannot be used (then it is reported, and left in place). */
  read(): Map<string, V> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        this.onProblem({ file: this.spec.name, message: `cannot read: ${(err as Error).message}`, movedTo: null });
      return new Map();
    }
    const saved = this.parse(text);
    if (saved) return saved;
    this.onProblem({ file: this.spec.name, message: 'not valid: starting with an empty record', movedTo: null });
    return new Map();
  }

  /** Records this process's change to one entry (null: forget it) and queues a write of it. */
  change(key: string, value: V | null): void {
    this.pending.set(key, value);
    // A failed write is reported; its changes stay pending, so the write of the next change tries them again.
    this.queue = this.queue.then(() =>
      this.write().catch((err: unknown) => this.onProblem({ file: this.spec.name, message: `cannot save: ${(err as Error).message}`, movedTo: null })),
    );
  }

  /** Waits for every change made so far to be written (or reported as not written). */
  flush(): Promise<void> {
    return this.queue;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const changes = new Map(this.pending);
    this.pending.clear();
    try {
      const release = await lockFile(`${this.file}.lock`, this.lockWaitMs, this.spec.what);
      try {
        const latest = await this.readLatest();
        for (const [key, mine] of changes) {
          const merged = this.spec.merge(mine, latest.get(key));
          if (merged === null) latest.delete(key);
          else latest.set(key, merged);
        }
        const now = Date.now();
        const keep = this.spec.keep?.bind(this.spec);
        const kept = keep ? [...latest].filter(([, value]) => keep(value, now)) : [...latest];
        await writeFileAtomic(this.file, jsonText(this.spec.file(Object.fromEntries(kept))));
      } finally {
        await release();
      }
    } catch (err) {
      // A change made meanwhile is newer than the failed one and replaces it.
      for (const [key, value] of changes) if (!this.pending.has(key)) this.pending.set(key, value);
      throw err;
    }
  }

  /** The file as the last writer left it; missing or unusable counts as empty, as when opening (which reported it). */
  private async readLatest(): Promise<Map<string, V>> {
    try {
      return this.parse(await readFile(this.file, 'utf8')) ?? new Map();
    } catch {
      return new Map();
    }
  }

  private parse(text: string): Map<string, V> | null {
    try {
      const parsed = this.spec.schema.safeParse(JSON.parse(text));
      return parsed.success ? new Map(Object.entries(this.spec.entries(parsed.data))) : null;
    } catch {
      return null;
    }
  }
}
