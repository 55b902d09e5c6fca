// The `fieldlink` process: signals, broken pipes and the exit code around one run of the command line. Started by
// the built command (start.ts loads it from dist/cli/fieldlink.cjs) and by `npm run cli` (main.ts, from source).
import { runCli } from './program';
import { openCliCore } from './open-core';
import type { TaskFollower } from './tasks';

export interface RunHooks {
  /** Told the name of the command about to run (not called for --help, --version or a usage error). */
  onCommand?: (name: string) => void;
}

export function runFieldlink(argv: string[], hooks: RunHooks = {}): void {
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
  // `fieldlink status … | head -1` closes the pipe early: the reader's choice, not a failure worth a stack trace.
  // Printing stops there, but the command runs to its end: leaving at once cut off what it was saving (a certificate
  // trusted with --trust-new was lost half-written, and the next run asked to trust the host again). An output that
  // fails otherwise (EIO: the terminal went away) ends the run with 1 all the same.
  let outputFailed: string | null = null;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') outputFailed ??= err.code ?? err.message;
    });
  }

  // reason: the chain cannot reject (the run's failure becomes exit code 1), and its end is process.exit
  void runCli(argv, { openCore: openCliCore, onTasks: (follower) => (tasks = follower), ...(hooks.onCommand ? { onCommand: hooks.onCommand } : {}) })
    .catch(() => 1)
    .then((code) => {
      // Let stdout drain (a pipe may lag), then leave at once: a stray timer or socket must not keep the CLI alive.
      // A stdout already closed calls back with its error at once. The code is read a turn later, once the error of
      // a write just before (a full disk under `> file`) has been reported.
      const end = () => {
        if (outputFailed && process.stderr.writable) {
          process.stderr.write(`fieldlink: its output could not be written (${outputFailed}); what the command learnt was saved.\n`);
        }
        return interrupted && code === 0 ? 130 : outputFailed && code === 0 ? 1 : code;
      };
      process.stdout.write('', () => setImmediate(() => process.exit(end())));
    });
}
