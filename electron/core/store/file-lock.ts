// A lock file beside a state file, so two fieldlink processes (a script starting several commands, the desktop app
// and a CLI run) do not read-modify-write the same file at once. Created exclusively; a write holds it for
// milliseconds, so one older than STALE_LOCK_MS was left by a process that died mid-write and is taken over.
import { rmSync } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
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
      await handle.close();
      dropHeldOnExit();
      held.add(lock);
      return async () => {
        held.delete(lock);
        await rm(lock, { force: true });
      };
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
        `${lock} was held by another fieldlink command for over ${waitMs >= 1000 ? `${Math.round(waitMs / 1000)} s` : `${waitMs} ms`}, so ${what} was not updated. If no other fieldlink command is running, delete that file.`,
      );
    // Short random pauses so two waiting processes do not retry in step.
    else await sleep(5 + Math.random() * 20);
  }
}
