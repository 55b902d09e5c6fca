// The `fieldlink` command line: commander definitions, the common flags, and the run that turns every outcome into
// an exit code (0 only when everything asked succeeded) and one stderr line per failure.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConsoleError } from '../../shared/errors';
import { credentialsFrom, defaultStateDir, mdnsInterfacesFrom } from '../bridge/run-options';
import type { CliContext } from './context';
import { asHostFailure, FailureLog } from './failures';
import { looksLikeAddress } from './find-host';
import { stdoutOut, type Out } from './output';
import type { CoreLike, Session } from './session';
import type { ProgressSink, TaskFollower } from './tasks';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface CoreRequest {
  stateDir: string;
  /** Accept first-seen certificates (never changed ones), only of the hosts the command names (`named`). */
  trustNew: boolean;
  /** The hosts the command names (refs as typed): the only ones --trust-new applies to. */
  named: string[];
  /** --trust-peers: --trust-new also covers the link peers the named hosts report. */
  trustPeers: boolean;
  /** --site NAME: work in that site's own hosts, certificates and credentials. */
  site?: string;
  /** --retry-login: try a login again even though it was refused or locked out within the lockout window. */
  retryLogin: boolean;
  mdnsInterfaces: string[] | undefined;
  /** mDNS discovery on: off only for a command that acts on the hosts it names and names them all by address. */
  discovery: boolean;
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
  /** Told the name of the command about to run, once its arguments were accepted. */
  onCommand?: (name: string) => void;
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
  trustPeers?: boolean;
  site?: string;
  retryLogin?: boolean;
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

// Each command's code, the session and the task follower load when a command runs: `--help` and usage errors
// read the command table only (the session pulls in the contract and its validators).
const commands = {
  hosts: () => import('./commands/hosts'),
  status: () => import('./commands/status'),
  tasks: () => import('./commands/task-commands'),
  token: () => import('./commands/token'),
  plan: () => import('./commands/plan'),
  apply: () => import('./commands/apply'),
  exportPlan: () => import('./commands/export-plan'),
  report: () => import('./commands/report'),
  log: () => import('./commands/log'),
};

/** `named`: the command acts on the hosts it names and no other, so hosts named by address need no discovery. */
type Scope = 'named' | 'site';

export function buildProgram(run: (flags: CommonFlags, work: (ctx: CliContext) => Promise<void>, named?: string[], scope?: Scope) => Promise<void>): Command {
  const program = new Command('fieldlink')
    .description('Find, check and link Palette Edge hosts from a terminal. HOST is a host id, a name, or an address (ip:port or https:// URL).')
    .version(version(), '-V, --version')
    .addOption(new Option('--user <name>', 'user name for the hosts').env('FIELDLINK_USER'))
    .addOption(new Option('--password <password>', 'password for the hosts (prefer the variable: a flag shows in the process list)').env('FIELDLINK_PASSWORD'))
    .option('--trust-new', 'accept the certificates, seen for the first time, of the hosts this command names (never a changed one)')
    .addOption(
      new Option('--site <NAME>', "the site worked on: its own hosts, certificates and credentials, kept apart from other sites'").env('FIELDLINK_SITE'),
    )
    .option('--trust-peers', 'with --trust-new, also accept the first-seen certificates of the hosts that the named hosts list as link peers')
    .option('--retry-login', 'log in even to a host that refused this user, or locked it out, in the last 15 minutes (agents lock a user out after 5 failures)')
    .addOption(new Option('--state <dir>', `where known hosts and pinned certificates are kept (default: ${defaultStateDir({})})`).env('FIELDLINK_STATE_DIR'))
    .addOption(new Option('--mdns-interface <ip>', 'IPv4 address of the interface to discover hosts on').env('FIELDLINK_MDNS_INTERFACE'))
    .option('--json', 'print JSON on stdout')
    .option('--verbose', "print the console core's log on stderr")
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run fieldlink --help for usage)')
    .addHelpText('after', '\nExit status: 0 when everything asked succeeded, 1 when something failed (one line per host on stderr), 2 for a usage error.');

  program
    .command('hosts')
    .description('list the hosts found on the site network')
    .option('--wait <S>', 'seconds to listen for hosts announcing themselves', seconds, 2)
    .option('--add <ADDR>', 'also add a host by address (ip:port or https:// URL); repeatable', collect, [] as string[])
    .action((options: { wait: number; add: string[] }, command: Command) =>
      run(command.optsWithGlobals(), async (ctx) => (await commands.hosts()).hostsCommand(ctx, { waitSec: options.wait, add: options.add }), options.add),
    );

  program
    .command('status')
    .description('show one host in detail, or every host found with a fresh read of each')
    .argument('[HOST]')
    .addOption(
      new Option('--wait <S>', 'seconds to wait for HOST to be found (default 10), or without HOST to listen for hosts (default 2)').argParser(seconds),
    )
    .action((ref: string | undefined, options: { wait?: number }, command: Command) =>
      run(
        command.optsWithGlobals(),
        async (ctx) => (await commands.status()).statusCommand(ctx, ref, options.wait ?? 2),
        ref ? [ref] : [],
        ref ? 'named' : 'site',
      ),
    );

  program
    .command('token')
    .description("print HOST's link token and its seconds left, making HOST leader first if it is not")
    .argument('<HOST>')
    .addOption(findWait())
    .action((ref: string, _options: unknown, command: Command) =>
      run(command.optsWithGlobals(), async (ctx) => (await commands.token()).tokenCommand(ctx, ref), [ref], 'named'),
    );

  program
    .command('link')
    .description('link FOLLOWER hosts to the leader HOST')
    .requiredOption('--leader <HOST>', 'the leader (made leader if it is not yet)')
    .argument('<FOLLOWER...>')
    .addOption(findWait())
    .action((followers: string[], options: { leader: string }, command: Command) =>
      run(
        command.optsWithGlobals(),
        async (ctx) => (await commands.tasks()).linkCommand(ctx, options.leader, followers),
        [options.leader, ...followers],
        'named',
      ),
    );

  program
    .command('unlink')
    .description('unlink the follower HOST (on itself, or through its leader with --from-leader)')
    .argument('<HOST>')
    .option('--from-leader', 'ask the leader to unlink HOST')
    .addOption(findWait())
    .action((ref: string, options: { fromLeader?: boolean }, command: Command) =>
      run(command.optsWithGlobals(), async (ctx) => (await commands.tasks()).unlinkCommand(ctx, ref, options.fromLeader === true), [ref], 'named'),
    );

  program
    .command('stop-token')
    .description('stop token generation on HOST (it stops being a leader; it must have no followers)')
    .argument('<HOST>')
    .addOption(findWait())
    .action((ref: string, _options: unknown, command: Command) =>
      run(command.optsWithGlobals(), async (ctx) => (await commands.tasks()).stopTokenCommand(ctx, ref), [ref], 'named'),
    );

  program
    .command('upload')
    .description('upload content bundles or a cluster definition to HOST')
    .argument('<HOST>')
    .argument('<FILE...>')
    .option('--signature <FILE>', 'signature file of the (single) FILE')
    .addOption(findWait())
    .action((ref: string, files: string[], options: { signature?: string }, command: Command) =>
      run(command.optsWithGlobals(), async (ctx) => (await commands.tasks()).uploadCommand(ctx, ref, files, options.signature), [ref], 'named'),
    );

  program
    .command('plan')
    .description('compare the plan FILE with the site: the actions apply would take, and what blocks (nothing is sent)')
    .argument('<FILE>')
    .option('--prune', 'also unlink followers of a declared leader that the plan does not name')
    .addOption(findWait())
    .action(async (file: string, options: { prune?: boolean }, command: Command) =>
      run(
        command.optsWithGlobals(),
        async (ctx) => (await commands.plan()).planCommand(ctx, file, options.prune === true),
        await (await commands.plan()).planRefs(file),
      ),
    );

  program
    .command('apply')
    .description('make the site match the plan FILE (exit 0 only when it does afterwards; safe to run again)')
    .argument('<FILE>')
    .option('--prune', 'also unlink followers of a declared leader that the plan does not name')
    .addOption(findWait())
    .action(async (file: string, options: { prune?: boolean }, command: Command) =>
      run(
        command.optsWithGlobals(),
        async (ctx) => (await commands.apply()).applyCommand(ctx, file, options.prune === true),
        await (await commands.plan()).planRefs(file),
      ),
    );

  program
    .command('export-plan')
    .description('write the live site as a plan (YAML)')
    .option('--out <FILE>', 'write to FILE instead of stdout')
    .option('--name <NAME>', 'the site name to put in the plan (default: the --site worked on)')
    .action((options: { out?: string; name?: string }, command: Command) =>
      // --site picks the site exported, as for every command; --name is only what the plan calls it.
      run(command.optsWithGlobals(), async (ctx) =>
        (await commands.exportPlan()).exportPlanCommand(ctx, options.out, options.name ?? command.optsWithGlobals<{ site?: string }>().site),
      ),
    );

  program
    .command('report')
    .description('the commissioning report of the site: hosts, fingerprints, groups, bundles and the action log')
    .addOption(new Option('--format <FORMAT>', 'html, json or csv').choices(['html', 'json', 'csv']).default('html'))
    .option('--out <FILE>', 'write to FILE instead of stdout')
    .addOption(new Option('--technician <NAME>', "the technician's name on the report (default: the site's technician setting)").env('FIELDLINK_TECHNICIAN'))
    .option('--site <NAME>', 'the site to report on: its hosts and action log, as the global --site (default: the site worked on)')
    .action((options: { format: 'html' | 'json' | 'csv'; out?: string; technician?: string; site?: string }, command: Command) =>
      run(command.optsWithGlobals(), async (ctx) => (await commands.report()).reportCommand(ctx, options)),
    );

  program
    .command('log')
    .description("the site's action log: every action Fieldlink took on hosts")
    .option('--action <KIND>', 'only this action (link, unlink, upload, make-leader, stop-token, apply-plan)')
    .option('--host <HOST>', 'only actions on this host (id or name)')
    .option('--result <RESULT>', 'only this result (succeeded, failed, partial, cancelled)')
    .action((options: { action?: string; host?: string; result?: string }, command: Command) =>
      run(command.optsWithGlobals(), async (ctx) => (await commands.log()).logCommand(ctx, options)),
    );

  return program;
}

/** Runs the CLI with `argv` (process.argv form) and answers the exit code. Never throws. */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const out = deps.out ?? stdoutOut();
  const writeErr = deps.writeErr ?? ((text: string) => process.stderr.write(text));
  const failures = new FailureLog((line) => writeErr(`${line}\n`));
  let ran = false;

  const run = async (flags: CommonFlags, work: (ctx: CliContext) => Promise<void>, named: string[] = [], scope: Scope = 'site'): Promise<void> => {
    ran = true;
    let session: Session | null = null;
    try {
      const core = await deps
        .openCore({
          stateDir: flags.state ?? defaultStateDir(),
          trustNew: flags.trustNew === true,
          named,
          trustPeers: flags.trustPeers === true,
          ...(flags.site ? { site: flags.site } : {}),
          retryLogin: flags.retryLogin === true,
          mdnsInterfaces: mdnsInterfacesFrom(flags.mdnsInterface, {}),
          discovery: !(scope === 'named' && named.length > 0 && named.every(looksLikeAddress)),
          verbose: flags.verbose === true,
          version: version(),
        })
        .catch((err: unknown) => {
          // Nothing the user typed is in play yet: the reason (a state folder that cannot be written...) is the help.
          if (err instanceof ConsoleError) throw err;
          throw new ConsoleError('internal', `the console core could not start: ${err instanceof Error ? err.message : String(err)}`);
        });
      const [{ sessionOver }, { followTasks, terminalProgress }] = await Promise.all([import('./session'), import('./tasks')]);
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
      // Closing flushes state files; a failure there is the core's to log, the command's outcome is already set.
      await session?.close().catch(() => {});
    }
  };

  const program = buildProgram(run);
  program.hook('preAction', (_program, command) => deps.onCommand?.(command.name()));
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
