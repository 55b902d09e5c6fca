// A small JSON record in the state folder, read once when opened (synchronously: it is a few hundred bytes, and
// every CLI command is a new process that needs it before its first request) and written atomically on change.
// The records below sit behind interfaces taking a folder, so they can move into a per-site folder later.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { JsonFile, type StoreProblem } from './atomic-json';

export class RecordFile<T> {
  private readonly file: JsonFile<T>;

  constructor(
    dir: string,
    private readonly name: string,
    private readonly schema: z.ZodType<T>,
    private readonly onProblem: (p: StoreProblem) => void = () => {},
  ) {
    this.file = new JsonFile(path.join(dir, name), (err) => onProblem({ file: name, message: `cannot save: ${(err as Error).message}`, movedTo: null }));
  }

  /** The saved value, or null when there is none or it cannot be used (then it is reported, and left in place). */
  read(): T | null {
    let text: string;
    try {
      text = readFileSync(this.file.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        this.onProblem({ file: this.name, message: `cannot read: ${(err as Error).message}`, movedTo: null });
      return null;
    }
    try {
      const parsed = this.schema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      /* reported below */
    }
    this.onProblem({ file: this.name, message: 'not valid: starting with an empty record', movedTo: null });
    return null;
  }

  save(value: T): void {
    // A failed write is reported through onProblem by the JsonFile itself; the record in memory stays right.
    void this.file.save(value).catch(() => undefined);
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
