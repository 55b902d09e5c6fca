// A small JSON record of keyed entries in the state folder that several fieldlink processes write (every CLI command
// is a process of its own, and a script may start several at once; the desktop app may run too). Read once when
// opened (synchronously: it is a few hundred bytes, and a command needs it before its first request). Written
// through the store's one locked writer (MergedJsonFile): each change re-reads the file under the lock and applies
// only this process's change to one entry, through the record's merge rule.
// The records sit behind interfaces taking a folder, so they can move into a per-site folder later.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { MergedJsonFile, type StoreProblem } from './atomic-json';
import { LOCK_WAIT_MS } from './file-lock';

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
  private readonly writer: MergedJsonFile<S>;

  constructor(
    dir: string,
    private readonly spec: RecordSpec<S, V>,
    private readonly onProblem: (p: StoreProblem) => void = () => {},
    /** How long a write waits for another process's write to end. */
    lockWaitMs = LOCK_WAIT_MS,
  ) {
    this.file = path.join(dir, spec.name);
    this.writer = new MergedJsonFile(this.file, spec.schema, () => spec.file({}), onProblem, spec.what, lockWaitMs);
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
    const { spec } = this;
    // reason: the writer never rejects; a failed write is reported and applied again with the next change.
    void this.writer.update((saved) => {
      const latest = new Map(Object.entries(spec.entries(saved)));
      const merged = spec.merge(value, latest.get(key));
      if (merged === null) latest.delete(key);
      else latest.set(key, merged);
      const now = Date.now();
      const keep = spec.keep?.bind(spec);
      return spec.file(Object.fromEntries(keep ? [...latest].filter(([, entry]) => keep(entry, now)) : latest));
    });
  }

  /** Waits for every change made so far to be written (or reported as not written). */
  flush(): Promise<void> {
    return this.writer.flush();
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
