// `npm run demo`: a simulated site of Palette Edge hosts on this machine and the console on it (the desktop app
// where Electron can run, else the browser console), with the site's user name and password already entered.
//
// Nothing is trusted for you: each host's certificate still has to be accepted in the console, as on a real site.
// The fingerprints printed here are the ones the console should show; compare them when you trust a host.
// Everything the demo makes (site data, console state) lives in temporary folders removed when it stops, so it
// never touches your real Fieldlink state.
//
//   npm run demo -- [--hosts 6] [--port 0] [--browser]
//   FIELDLINK_MDNS_INTERFACE=10.0.0.2 npm run demo    (discovery on another interface; default 127.0.0.1)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mdnsInterfacesFrom } from '../electron/bridge/run-options';
import { startSite, type Site } from '../simulator/site';
import { startConsole, stopOnSignals, type ConsoleOptions, type RunningConsole } from './start';

const DEMO_USER = 'kairos';
const DEMO_PASSWORD = 'kairos';
/** The demo's hosts live in a site of their own, so they can never be mistaken for a real site's. */
export const DEMO_SITE = 'demo';

/** A fresh state folder under the system's temporary folder: never the user's Fieldlink state. */
export function makeDemoStateDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'fieldlink-demo-state-'));
}

/** How the demo starts the console: its own site in its own temporary folder, the demo password in memory. */
export function demoConsoleOptions(stateDir: string, interfaces: string[], opts: { port: number; browser: boolean }): ConsoleOptions {
  return {
    stateDir,
    site: DEMO_SITE,
    mdnsInterfaces: interfaces,
    credentials: { username: DEMO_USER, password: DEMO_PASSWORD },
    port: opts.port,
    browser: opts.browser,
    // The desktop app keeps the demo password in memory only, not in the system keyring.
    env: { FIELDLINK_VAULT: 'memory' },
  };
}

function options() {
  const { values } = parseArgs({
    options: {
      hosts: { type: 'string', default: '6' },
      port: { type: 'string', default: '0' },
      browser: { type: 'boolean', default: false },
    },
  });
  const hosts = Number(values.hosts);
  const port = Number(values.port);
  if (!Number.isInteger(hosts) || hosts < 1 || hosts > 200) throw new Error('--hosts is a number from 1 to 200.');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port is a number from 0 to 65535.');
  return { hosts, port, browser: values.browser };
}

async function main(): Promise<void> {
  const opts = options();
  // mDNS stays pinned: the given interface(s), else loopback. Never the machine's default interfaces.
  const interfaces = mdnsInterfacesFrom(undefined) ?? ['127.0.0.1'];
  const stateDir = await makeDemoStateDir();

  let site: Site | null = null;
  let running: RunningConsole | null = null;
  const stop = async () => {
    // Best effort on the way out: whatever failed to stop, the temporary folder below is removed all the same.
    await running?.stop().catch(() => {});
    await site?.stop().catch(() => {}); // as above
    await rm(stateDir, { recursive: true, force: true });
    // The site removes its data as the last step of its stop, which may have failed above: the folder was printed.
    if (site) await rm(site.dataDir, { recursive: true, force: true });
  };

  try {
    site = await startSite({ hosts: opts.hosts, mdnsInterface: interfaces[0]!, user: DEMO_USER, password: DEMO_PASSWORD });
    running = await startConsole(demoConsoleOptions(stateDir, interfaces, opts));
  } catch (err) {
    await stop();
    throw err;
  }

  const lines = [
    `Simulated site: ${site.hosts.length} hosts, mDNS on ${interfaces[0]}, user "${DEMO_USER}" (already entered in the console).`,
    ...site.hosts.map((h) => `  ${h.name.padEnd(12)} ${h.url.padEnd(24)} ${h.fingerprint}`),
    'Trust each host in the console after comparing its fingerprint with the list above.',
    running.kind === 'browser' ? `Console: open ${running.url}` : `Console: the Fieldlink window (Electron, pid ${running.pid ?? '?'}).`,
    `Demo console state (temporary): ${stateDir}`,
    `Simulated hosts' data (temporary): ${site.dataDir}`,
    'Ctrl+C stops the console and the site and removes their data.',
  ];
  process.stdout.write(lines.join('\n') + '\n');

  stopOnSignals(stop);
  if (running.kind === 'electron') {
    // Closing the app window ends the demo too.
    await running.exited;
    await stop();
    process.exit(0);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err: unknown) => {
    process.stderr.write(`The demo could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
