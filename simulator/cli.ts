// `npm run site`: a simulated site for people and scripts, one JSON line per host on stdout, diagnostics on stderr.
import { parseArgs } from 'node:util';
import { readSiteFile, type SiteFileHost } from './site-spec';
import { startSite, type Site, type StartSiteOptions } from './site';

const USAGE =
  'usage: npm run site -- --hosts N [--port P] [--user U] [--password PW] [--data DIR] [--token-interval S] ' +
  '[--site FILE] [--mdns-interface IP|none] [--bind IP] [--admin-port P] [--heartbeat S] [--profile full|spec] ' +
  '[--unlink-peer-id own|leader|either] [--spec-token address|opaque] [--latency MS]';

/** Diagnostics go to stderr: stdout carries only the one JSON line per host that scripts read. */
const diag = (message: string) => process.stderr.write(`[site] ${message}\n`);

class UsageError extends Error {}

/** Node's own unknown-option text suggests quoting the option after '--', unbalanced: the option alone says it. */
function usageMessage(err: Error): string {
  const unknown = /^Unknown option '([^']+)'/.exec(err.message);
  return unknown ? `Unknown option ${unknown[1]}.` : err.message;
}

async function main(): Promise<number> {
  let options: StartSiteOptions;
  try {
    options = await readOptions(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${usageMessage(err as Error)}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }

  let site: Site;
  try {
    site = await startSite(options);
  } catch (err) {
    process.stderr.write(`cannot start the site: ${(err as Error).message}\n`);
    return 1;
  }
  for (const host of site.hosts) {
    const line = { id: host.id, name: host.name, url: host.url, port: host.port, fingerprint: host.fingerprint, admin: host.admin };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  diag(`${site.hosts.length} host(s) ready (${site.profile} profile); admin at ${site.admin}; data in ${site.dataDir}`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        diag(`${signal} again: exiting without a clean shutdown`);
        resolve(1);
        return;
      }
      stopping = true;
      diag(`${signal}: stopping every host`);
      site.stop().then(
        () => resolve(0),
        (err: Error) => {
          diag(`shutdown failed: ${err.message}`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function readOptions(argv: string[]): Promise<StartSiteOptions> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      hosts: { type: 'string' },
      port: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      data: { type: 'string' },
      'token-interval': { type: 'string' },
      site: { type: 'string' },
      'mdns-interface': { type: 'string' },
      bind: { type: 'string' },
      'admin-port': { type: 'string' },
      heartbeat: { type: 'string' },
      profile: { type: 'string' },
      'unlink-peer-id': { type: 'string' },
      'spec-token': { type: 'string' },
      latency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) throw new UsageError('Starts simulated Palette Edge hosts and prints one JSON line per host.');
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);

  let site: SiteFileHost[] | undefined;
  if (values.site) site = await readSiteFile(values.site);
  const hosts = values.hosts !== undefined ? integer('--hosts', values.hosts, 1, 1000) : site?.length;
  if (!hosts) throw new UsageError('--hosts is required (or a --site file that lists the hosts)');

  const mdns = values['mdns-interface'];
  return {
    hosts,
    ...(values.port !== undefined ? { basePort: integer('--port', values.port, 0, 65535) } : {}),
    ...(values.user !== undefined ? { user: values.user } : {}),
    ...(values.password !== undefined ? { password: values.password } : {}),
    ...(values.data !== undefined ? { dataDir: values.data } : {}),
    ...(values['token-interval'] !== undefined ? { tokenIntervalSec: integer('--token-interval', values['token-interval'], 1, 86400) } : {}),
    ...(site ? { site } : {}),
    ...(mdns !== undefined ? { mdnsInterface: mdns === 'none' ? false : mdns } : {}),
    ...(values.bind !== undefined ? { bindAddress: values.bind } : {}),
    ...(values['admin-port'] !== undefined ? { adminPort: integer('--admin-port', values['admin-port'], 0, 65535) } : {}),
    ...(values.heartbeat !== undefined ? { heartbeatSec: integer('--heartbeat', values.heartbeat, 1, 3600) } : {}),
    ...(values.profile !== undefined ? { profile: oneOf('--profile', values.profile, ['full', 'spec'] as const) } : {}),
    ...(values['unlink-peer-id'] !== undefined
      ? { unlinkPeerId: oneOf('--unlink-peer-id', values['unlink-peer-id'], ['own', 'leader', 'either'] as const) }
      : {}),
    ...(values['spec-token'] !== undefined ? { specTokenFormat: oneOf('--spec-token', values['spec-token'], ['address', 'opaque'] as const) } : {}),
    ...(values.latency !== undefined ? { faults: { latencyMs: integer('--latency', values.latency, 0, 600_000) } } : {}),
    log: diag,
  };
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
