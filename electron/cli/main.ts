// Entry of the `fieldlink` command (bin/fieldlink.mjs loads this through tsx; `npm run cli -- ...` runs it directly).
import { runCli } from './program';
import { openCliCore } from './open-core';
import type { TaskFollower } from './tasks';

let tasks: TaskFollower | null = null;
let interrupted = false;

// First Ctrl+C cancels the running task in the core (so hosts are left in a known state); a second one quits.
process.on('SIGINT', () => {
  if (interrupted || !tasks) process.exit(130);
  interrupted = true;
  process.stderr.write('\nCancelling… (Ctrl+C again to quit at once)\n');
  // cancelAll() settles every task itself; the command's own run reports how each ended.
  void tasks.cancelAll();
});
process.on('SIGTERM', () => process.exit(143));
// `fieldlink hosts | head` closes the pipe early: that is the reader's choice, not a failure worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));
}

const code = await runCli(process.argv, { openCore: openCliCore, onTasks: (follower) => (tasks = follower) }).catch(() => 1);
// Let stdout drain (a pipe may lag), then leave at once: a stray timer or socket must not keep the CLI alive.
process.stdout.write('', () => process.exit(interrupted && code === 0 ? 130 : code));
