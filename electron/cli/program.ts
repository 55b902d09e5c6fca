// The `fieldlink` command line: commander definitions, the common flags, and the run that turns every outcome into
// an exit code (0 only when everything asked succeeded) and one stderr line per failure.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConsoleError } from '../../shared/errors';
import { credentialsFrom, defaultStateDir, mdnsInterfacesFrom } from '../bridge/run-options';
import { hostsCommand } from './commands/hosts';
import { statusCommand } from './commands/status';
import { linkCommand, stopTokenCommand, unlinkCommand, uploadCommand } from './commands/task-commands';
import { tokenCommand } from './commands/token';
import type { CliContext } from './context';
import { asHostFailure, FailureLog } from './failures';
import { stdoutOut, type Out } from './output';
import { sessionOver, type CoreLike, type Session } from './session';
import { followTasks, terminalProgress, type ProgressSink, type TaskFollower } from './tasks';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface CoreRequest {
  stateDir: string;
  /** Accept first-seen certificates (never changed ones); the core applies it to every host it meets. */
  trustNew: boolean;
  mdnsInterfaces: string[] | undefined;
  verbose: boolean;
  version: string;
}

export interface CliDeps {
  openCore(request: CoreRequest): Promise<CoreLike>;
  out?: Out;
  writeErr?: (text: string) => void;
  progress?: ProgressSink;
  /** Receives the running command's task follower, so Ctrl+C can cancel its tasks. */
  onTasks?: (tasks: TaskFollower | null) => void;
  /** How long a named host may take to be discovered, and to log in (defaults 10 s and 20 s). */
  findTimeoutMs?: number;
  readyTimeoutMs?: number;
}

interface CommonFlags {
  /** A command's own --wait: how long to wait for the hosts it names to be discovered. */
  wait?: number;
  user?: string;
  password?: string;
  trustNew?: boolean;
  state?: string;
  mdnsInterface?: string;
  json?: boolean;
  verbose?: boolean;
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 3600) throw new InvalidArgumentError('give a number of seconds from 0 to 3600.');
  return n;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

const DEFAULT_FIND_SEC = 10;
const findWait = () => new Option('--wait <S>', `seconds to wait for the hosts named to be found (default ${DEFAULT_FIND_SEC})`).argParser(seconds);

export function buildProgram(run: (flags: CommonFlags, work: (ctx: CliContext) => Promise<void>) => Promise<void>): Command {
  const program = new Command('fieldlink')
    .description('Find, check and link Palette Edge hosts from a terminal. HOST is a host id, a name, or an address (ip:port or https:// URL).')
    .version(version(), '-V, --version')
    .addOption(new Option('--user <name>', 'user name for the hosts').env('FIELDLINK_USER'))
    .addOption(new Option('--password <password>', 'password for the hosts (prefer the variable: a flag shows in the process list)').env('FIELDLINK_PASSWORD'))
    .option('--trust-new', 'accept host certificates seen for the first time (never a changed one)')
    .addOption(new Option('--state <dir>', `where known hosts and pinned certificates are kept (default: ${defaultStateDir({})})`).env('FIELDLINK_STATE_DIR'))
    .addOption(new Option('--mdns-interface <ip>', 'IPv4 address of the interface to discover hosts on').env('FIELDLINK_MDNS_INTERFACE'))
    .option('--json', 'print JSON on stdout')
    .option('--verbose', "print the console core's log on stderr")
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run fieldlink --help for usage)')
    .addHelpText(
      'after',
      '\nExit status: 0 when everything asked succeeded, 1 when something failed (one line per host on stderr), 2 for a usage error.',
    );

  program
    .command('hosts')
    .description('list the hosts found on the site network')
    .option('--wait <S>', 'seconds to listen for hosts announcing themselves', seconds, 2)
    .option('--add <ADDR>', 'also add a host by address (ip:port or https:// URL); repeatable', collect, [] as string[])
    .action((options: { wait: number; add: string[] }, command: Command) =>
      run(command.optsWithGlobals(), (ctx) => hostsCommand(ctx, { waitSec: options.wait, add: options.add })),
    );

  program
    .command('status')
    .description('show one host in detail, or every host found with a fresh read of each')
    .argument('[HOST]')
    .addOption(new Option('--wait <S>', 'seconds to wait for HOST to be found (default 10), or without HOST to listen for hosts (default 2)').argParser(seconds))
    .action((ref: string | undefined, options: { wait?: number }, command: Command) =>
      run(command.optsWithGlobals(), (ctx) => statusCommand(ctx, ref, options.wait ?? 2)),
    );

  program
    .command('token')
    .description("print HOST's link token and its seconds left, making HOST leader first if it is not")
    .argument('<HOST>')
    .addOption(findWait())
    .action((ref: string, _options: unknown, command: Command) => run(command.optsWithGlobals(), (ctx) => tokenCommand(ctx, ref)));

  program
    .command('link')
    .description('link FOLLOWER hosts to the leader HOST')
    .requiredOption('--leader <HOST>', 'the leader (made leader if it is not yet)')
    .argument('<FOLLOWER...>')
    .addOption(findWait())
    .action((followers: string[], options: { leader: string }, command: Command) =>
      run(command.optsWithGlobals(), (ctx) => linkCommand(ctx, options.leader, followers)),
    );

  program
    .command('unlink')
    .description('unlink the follower HOST (on itself, or through its leader with --from-leader)')
    .argument('<HOST>')
    .option('--from-leader', 'ask the leader to unlink HOST')
    .addOption(findWait())
    .action((ref: string, options: { fromLeader?: boolean }, command: Command) =>
      run(command.optsWithGlobals(), (ctx) => unlinkCommand(ctx, ref, options.fromLeader === true)),
    );

  program
    .command('stop-token')
    .description('stop token generation on HOST (it stops being a leader; it must have no followers)')
    .argument('<HOST>')
    .addOption(findWait())
    .action((ref: string, _options: unknown, command: Command) => run(command.optsWithGlobals(), (ctx) => stopTokenCommand(ctx, ref)));

  program
    .command('upload')
    .description('upload content bundles or a cluster definition to HOST')
    .argument('<HOST>')
    .argument('<FILE...>')
    .option('--signature <FILE>', 'signature file of the (single) FILE')
    .addOption(findWait())
    .action((ref: string, files: string[], options: { signature?: string }, command: Command) =>
      run(command.optsWithGlobals(), (ctx) => uploadCommand(ctx, ref, files, options.signature)),
    );

  return program;
}

/** Runs the CLI with `argv` (process.argv form) and answers the exit code. Never throws. */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const out = deps.out ?? stdoutOut();
  const writeErr = deps.writeErr ?? ((text: string) => process.stderr.write(text));
  const failures = new FailureLog((line) => writeErr(`${line}\n`));
  let ran = false;

  const run = async (flags: CommonFlags, work: (ctx: CliContext) => Promise<void>): Promise<void> => {
    ran = true;
    let session: Session | null = null;
    try {
      const core = await deps
        .openCore({
          stateDir: flags.state ?? defaultStateDir(),
          trustNew: flags.trustNew === true,
          mdnsInterfaces: mdnsInterfacesFrom(flags.mdnsInterface, {}),
          verbose: flags.verbose === true,
          version: version(),
        })
        .catch((err: unknown) => {
          // Nothing the user typed is in play yet: the reason (a state folder that cannot be written...) is the help.
          if (err instanceof ConsoleError) throw err;
          throw new ConsoleError('internal', `the console core could not start: ${err instanceof Error ? err.message : String(err)}`);
        });
      session = sessionOver(core, (err, name) => {
        if (flags.verbose) writeErr(`fieldlink: ${name} failed unexpectedly: ${err instanceof Error ? err.message : String(err)}\n`);
      });
      const credentials = credentialsFrom({ user: flags.user, password: flags.password }, {});
      if (credentials) await session.call('credentials.setSite', credentials);
      else if (flags.user || flags.password) {
        // Not a failure by itself (listing hosts needs no login); the hosts that do need one will say so.
        writeErr('fieldlink: a user name or a password is missing (give both --user and --password), so no login is tried.\n');
      }
      const tasks = followTasks(session, deps.progress ?? terminalProgress());
      deps.onTasks?.(tasks);
      await work({
        session,
        out,
        failures,
        tasks,
        json: flags.json === true,
        trustNew: flags.trustNew === true,
        findTimeoutMs: deps.findTimeoutMs ?? (flags.wait ?? DEFAULT_FIND_SEC) * 1000,
        readyTimeoutMs: deps.readyTimeoutMs ?? 20_000,
      });
    } catch (err) {
      failures.add(asHostFailure('fieldlink', err));
    } finally {
      deps.onTasks?.(null);
      await session?.close().catch(() => {});
    }
  };

  const program = buildProgram(run);
  // Subcommands keep their own copies of these settings, so each one is told.
  for (const command of [program, ...program.commands]) {
    command.exitOverride().configureOutput({ writeOut: (text) => out.line(text.replace(/\n$/, '')), writeErr });
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    failures.add(asHostFailure('fieldlink', err));
  }
  if (!ran && failures.count === 0 && argv.length <= 2) {
    program.outputHelp();
    return EXIT_USAGE;
  }
  return failures.count === 0 ? EXIT_OK : EXIT_FAILED;
}
