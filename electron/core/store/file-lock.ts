// A lock file beside a state file, so two fieldlink processes (a script starting several commands, the desktop app
// and a CLI run) do not read-modify-write the same file at once. Created exclusively; a write holds it for
// milliseconds, so one older than STALE_LOCK_MS was left by a process that died mid-write and is taken over.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const STALE_LOCK_MS = 10_000;

/** How long a write waits for another process's write to the same file to end (a write holds it for milliseconds). */
export const LOCK_WAIT_MS = 30_000;

/** Locks this process holds now: a command that exits mid-write (Ctrl+C, a broken pipe) removes them on the way out,
 * so the next command does not wait STALE_LOCK_MS to take one over. */
const held = new Set<string>();
let exitHook = false;
function dropHeldOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const lock of held) rmSync(lock, { force: true });
  });
}

/**
 * Takes `lock`, waiting up to `waitMs` for another holder; resolves to its release. `what` names the record the
 * lock guards, for the message when the wait runs out ("the record of refused logins").
 */
export async function lockFile(lock: string, waitMs: number, what: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + waitMs;
  await mkdir(path.dirname(lock), { recursive: true, mode: 0o700 });
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o600);
      // Which lock this is: inode numbers are reused at once by some filesystems, so the file says who took it.
      const mine = `${process.pid} ${randomBytes(8).toString('hex')}`;
      try {
        await handle.writeFile(mine);
      } finally {
        await handle.close();
      }
      dropHeldOnExit();
      held.add(lock);
      return async () => {
        held.delete(lock);
        // Only our own: a holder paused past STALE_LOCK_MS (a laptop put to sleep) may have lost it to another.
        if ((await holderOf(lock)) === mine) await rm(lock, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    // Who holds it, read before its age: a stale lock replaced by a fresh one in between shows the fresh one's age.
    const holder = await holderOf(lock);
    // Gone meanwhile (null): the holder let go, so it is taken at once.
    const found = holder === null ? null : await stat(lock).catch(() => null);
    if (holder === null || !found) continue;
    if (Date.now() - found.mtimeMs > STALE_LOCK_MS) await takeOverStale(lock, holder);
    else if (Date.now() > deadline)
      throw new Error(
        `${lock} was held by another fieldlink command for over ${waitMs >= 1000 ? `${Math.round(waitMs / 1000)} s` : `${waitMs} ms`}, so ${what} was not updated. If no other fieldlink command is running, delete that file.`,
      );
    // Short random pauses so two waiting processes do not retry in step.
    else await sleep(5 + Math.random() * 20);
  }
}

/** Who holds `lock` (what its taker wrote in it), or null when there is no lock now. */
async function holderOf(lock: string): Promise<string | null> {
  return readFile(lock, 'utf8').catch(() => null); // gone (let go meanwhile) or unreadable: no holder to compare with
}

/**
 * Removes the stale lock `lock` was when it was looked at (taken by `staleHolder`). Two waiting processes may find the
 * same stale lock; had both simply deleted the path, the slower one could delete the fresh lock the faster one had
 * taken meanwhile, and both would write. So the lock is renamed aside first (one rename wins), and a lock that turns
 * out to be another holder's, a fresh one, is linked back. (Only a third process creating a lock in the microseconds
 * between that rename and the link could still slip in.)
 */
export async function takeOverStale(lock: string, staleHolder: string): Promise<void> {
  const aside = `${lock}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lock, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // another taker removed it first
    throw err;
  }
  if ((await holderOf(aside)) !== staleHolder) {
    // A live holder's lock: put it back. EEXIST means a third taker already holds the path; nothing better to do.
    await link(aside, lock).catch(() => undefined);
  }
  await rm(aside, { force: true });
}
