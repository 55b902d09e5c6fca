// `npm start`: the desktop app where Electron can run; elsewhere the same console in a browser, as `npm run serve`
// gives it. FIELDLINK_MDNS_INTERFACE, FIELDLINK_STATE_DIR, FIELDLINK_USER / FIELDLINK_PASSWORD reach either one.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentialsFrom, defaultStateDir, mdnsInterfacesFrom } from '../electron/bridge/run-options';
import { startServe, type ServeHandle } from '../electron/serve';

const root = fileURLToPath(new URL('../', import.meta.url));

export const NO_ELECTRON_LINE = 'No Electron binary here; starting the same console in your browser instead.';

/** The Electron executable when it was really installed; null when the download was skipped. */
export function electronBinary(): string | null {
  try {
    // The electron package exports the path of its binary, and throws when the binary was never downloaded.
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

export interface ConsoleOptions {
  /** Extra environment for the app (demo credentials, a throw-away state folder). */
  env?: NodeJS.ProcessEnv;
  stateDir?: string;
  /** The site to open at start (the demo's own); the console switches between sites. */
  site?: string;
  credentials?: { username: string; password: string } | null;
  mdnsInterfaces?: string[];
  /** Port for the browser console; 0 = any free one. */
  port?: number;
  /** Use the browser console even where Electron exists. */
  browser?: boolean;
}

export type RunningConsole =
  { kind: 'electron'; pid: number | undefined; exited: Promise<number>; stop(): Promise<void> } | { kind: 'browser'; url: string; stop(): Promise<void> };

/** Builds the renderer once when it has never been built, so the browser console has a page to show. */
async function ensureRendererBuilt(): Promise<void> {
  if (existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) return;
  process.stdout.write('Building the console UI first (once)…\n');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.renderer.config.ts'), logLevel: 'warn' });
}

function launchElectron(env: NodeJS.ProcessEnv): RunningConsole {
  // `electron-forge start` builds main and preload, serves the renderer with hot reload and runs Electron.
  const forge = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-forge.cmd' : 'electron-forge');
  const child: ChildProcess = spawn(forge, ['start'], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 0)));
  return {
    kind: 'electron',
    pid: child.pid,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.pid) child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function startConsole(options: ConsoleOptions = {}): Promise<RunningConsole> {
  if (!options.browser && electronBinary()) {
    const env: NodeJS.ProcessEnv = { ...options.env };
    if (options.stateDir) env.FIELDLINK_STATE_DIR = options.stateDir;
    if (options.site) env.FIELDLINK_SITE = options.site;
    if (options.mdnsInterfaces) env.FIELDLINK_MDNS_INTERFACE = options.mdnsInterfaces.join(',');
    if (options.credentials) {
      env.FIELDLINK_USER = options.credentials.username;
      env.FIELDLINK_PASSWORD = options.credentials.password;
    }
    return launchElectron(env);
  }
  if (!options.browser) process.stdout.write(`${NO_ELECTRON_LINE}\n`);
  await ensureRendererBuilt();
  const handle: ServeHandle = await startServe({
    port: options.port ?? 0,
    stateDir: options.stateDir ?? defaultStateDir(),
    ...(options.site ? { site: options.site } : {}),
    ...(options.mdnsInterfaces ? { mdnsInterfaces: options.mdnsInterfaces } : {}),
    credentials: options.credentials ?? null,
  });
  return { kind: 'browser', url: handle.url, stop: () => handle.close() };
}

/** Stops `running` on Ctrl+C or SIGTERM; a second Ctrl+C does not wait. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`Fieldlink did not stop cleanly: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function main(): Promise<void> {
  const running = await startConsole({
    mdnsInterfaces: mdnsInterfacesFrom(undefined),
    credentials: credentialsFrom({}),
  });
  if (running.kind === 'browser') {
    process.stdout.write(`Fieldlink is running. Open ${running.url} (Ctrl+C stops it).\n`);
    stopOnSignals(running.stop);
  } else {
    stopOnSignals(running.stop);
    process.exitCode = await running.exited;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err: unknown) => {
    process.stderr.write(`Fieldlink could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
