// The CLI's memory of refused and locked-out logins across commands. Agents slow logins down after 3 failures and
// lock the user out for 15 minutes after 5, and every `fieldlink` command is a new process: without this record, a
// script re-running a command with a wrong password would lock the site's user out. A host and user whose login
// failed is not tried again within the lockout window unless the technician says so (--retry-login).
import { z } from 'zod';
import type { StoreProblem } from './atomic-json';
import { LOCK_WAIT_MS } from './file-lock';
import { RecordFile, type RecordSpec } from './record-file';

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

const spec: RecordSpec<Saved, LoginRefusal> = {
  name: 'login-refusals.json',
  what: 'the record of refused logins',
  schema,
  entries: (saved) => saved.refusals,
  file: (refusals) => ({ version: 1, refusals }),
  // This command's own login result (refused, or succeeded: null) is the newest word on that host and user.
  merge: (mine) => mine,
  keep: (refusal, now) => refusal.until > now,
};

/**
 * Two commands run at once (a script starting several): each keeps its own refusals and nobody else's are lost,
 * because the record file merges this command's changes, keyed by host and user, into what is on disk when it writes.
 */
export class LoginGuardFile implements LoginGuard {
  private readonly file: RecordFile<Saved, LoginRefusal>;
  private readonly refusals: Map<string, LoginRefusal>;

  constructor(
    dir: string,
    /** --retry-login: remembered refusals are ignored for this command (new ones are still remembered). */
    private readonly retry: boolean,
    onProblem: (p: StoreProblem) => void = () => {},
    /** How long a write waits for another command's write to end. */
    lockWaitMs = LOCK_WAIT_MS,
  ) {
    this.file = new RecordFile(dir, spec, onProblem, lockWaitMs);
    const now = Date.now();
    this.refusals = new Map([...this.file.read()].filter(([, r]) => r.until > now));
  }

  check(endpoint: string, user: string, now = Date.now()): LoginRefusal | null {
    if (this.retry) return null;
    const r = this.refusals.get(key(endpoint, user));
    return r && r.until > now ? r : null;
  }

  refused(endpoint: string, user: string, refusal: LoginRefusal): void {
    this.refusals.set(key(endpoint, user), refusal);
    this.file.change(key(endpoint, user), refusal);
  }

  succeeded(endpoint: string, user: string): void {
    if (this.refusals.delete(key(endpoint, user))) this.file.change(key(endpoint, user), null);
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}

function key(endpoint: string, user: string): string {
  return `${endpoint} ${user}`;
}
