// The CLI's memory of refused and locked-out logins across commands. Agents slow logins down after 3 failures and
// lock the user out for 15 minutes after 5, and every `fieldlink` command is a new process: without this record, a
// script re-running a command with a wrong password would lock the site's user out. A host and user whose login
// failed is not tried again within the lockout window unless the technician says so (--retry-login).
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { jsonText, writeFileAtomic } from '../../../shared/node/atomic-file';
import type { StoreProblem } from './atomic-json';
import { RecordFile } from './record-file';

/** The agents' lockout; also how long a plain refusal is remembered. */
export const LOGIN_LOCKOUT_MS = 15 * 60_000;

export interface LoginRefusal {
  kind: 'failed' | 'locked';
  /** Epoch ms until which the host and user are not tried again. */
  until: number;
  message: string;
}

export interface LoginGuard {
  /** The remembered refusal for this endpoint and user, unless it ran out or the technician asked to retry. */
  check(endpoint: string, user: string, now?: number): LoginRefusal | null;
  refused(endpoint: string, user: string, refusal: LoginRefusal): void;
  succeeded(endpoint: string, user: string): void;
  flush(): Promise<void>;
}

const schema = z.object({
  version: z.literal(1),
  refusals: z.record(z.string().max(400), z.object({ kind: z.enum(['failed', 'locked']), until: z.number(), message: z.string().max(2000) })),
});
type Saved = z.output<typeof schema>;

const FILE = 'login-refusals.json';
/** A write holds the lock for milliseconds; a lock this old was left by a command that died mid-write. */
const STALE_LOCK_MS = 10_000;

/**
 * Two commands run at once (a script starting several) each write the whole file: written plainly, the second would
 * drop the first one's refusal. So every write takes a lock beside the file, re-reads what is there now, applies only
 * this process's own changes (keyed by host and user), and renames the merged file into place before letting go.
 */
export class LoginGuardFile implements LoginGuard {
  private readonly file: string;
  private readonly refusals: Map<string, LoginRefusal>;
  /** This process's changes not yet written: a refusal to keep, or null for one to forget. */
  private readonly pending = new Map<string, LoginRefusal | null>();
  private queue: Promise<void> = Promise.resolve();
  private readonly onProblem: (p: StoreProblem) => void;

  constructor(
    dir: string,
    /** --retry-login: remembered refusals are ignored for this command (new ones are still remembered). */
    private readonly retry: boolean,
    onProblem: (p: StoreProblem) => void = () => {},
    /** How long a write waits for another command's write to end. */
    private readonly lockWaitMs = 30_000,
  ) {
    this.file = path.join(dir, FILE);
    this.onProblem = onProblem;
    const now = Date.now();
    const saved = new RecordFile(dir, FILE, schema, onProblem).read();
    this.refusals = new Map(Object.entries(saved?.refusals ?? {}).filter(([, r]) => r.until > now));
  }

  check(endpoint: string, user: string, now = Date.now()): LoginRefusal | null {
    if (this.retry) return null;
    const r = this.refusals.get(key(endpoint, user));
    return r && r.until > now ? r : null;
  }

  refused(endpoint: string, user: string, refusal: LoginRefusal): void {
    this.refusals.set(key(endpoint, user), refusal);
    this.save(key(endpoint, user), refusal);
  }

  succeeded(endpoint: string, user: string): void {
    if (this.refusals.delete(key(endpoint, user))) this.save(key(endpoint, user), null);
  }

  flush(): Promise<void> {
    return this.queue;
  }

  private save(k: string, refusal: LoginRefusal | null): void {
    this.pending.set(k, refusal);
    // A failed write is reported; its changes stay pending, so the write of the next change tries them again.
    this.queue = this.queue.then(() =>
      this.write().catch((err: unknown) => this.onProblem({ file: FILE, message: `cannot save: ${(err as Error).message}`, movedTo: null })),
    );
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const changes = new Map(this.pending);
    this.pending.clear();
    try {
      const release = await lockFile(`${this.file}.lock`, this.lockWaitMs);
      try {
        const latest = await this.readLatest();
        for (const [k, r] of changes) {
          if (r) latest.set(k, r);
          else latest.delete(k);
        }
        const now = Date.now();
        await writeFileAtomic(this.file, jsonText({ version: 1, refusals: Object.fromEntries([...latest].filter(([, r]) => r.until > now)) } satisfies Saved));
      } finally {
        await release();
      }
    } catch (err) {
      for (const [k, r] of changes) if (!this.pending.has(k)) this.pending.set(k, r);
      throw err;
    }
  }

  /** The file as the last writer left it; missing or unreadable counts as empty (the first read reported it). */
  private async readLatest(): Promise<Map<string, LoginRefusal>> {
    try {
      const parsed = schema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return new Map(parsed.success ? Object.entries(parsed.data.refusals) : []);
    } catch {
      return new Map();
    }
  }
}

/** Takes the lock file (created exclusively), waiting for another holder; resolves to its release. */
async function lockFile(lock: string, waitMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + waitMs;
  await mkdir(path.dirname(lock), { recursive: true, mode: 0o700 });
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      await handle.close();
      return () => rm(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const since = await stat(lock).then(
      (s) => Date.now() - s.mtimeMs,
      () => null, // let go meanwhile: take it at once
    );
    if (since === null) continue;
    if (since > STALE_LOCK_MS) await rm(lock, { force: true });
    else if (Date.now() > deadline)
      throw new Error(
        `${lock} was held by another fieldlink command for over ${Math.round(waitMs / 1000)} s, so the record of refused logins was not updated. If no other fieldlink command is running, delete that file.`,
      );
    else await sleep(5 + Math.random() * 20);
  }
}

function key(endpoint: string, user: string): string {
  return `${endpoint} ${user}`;
}
