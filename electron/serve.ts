// `npm run serve`: the console core and the built renderer for a plain browser, on 127.0.0.1 only. The page reaches
// the core over the WebSocket bridge (electron/bridge/ws-server.ts), which wants the per-run secret that this
// prints inside the URL's fragment.
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import Fastify from 'fastify';
import { dispatch } from '../shared/dispatch';
import { credentialsFrom, defaultStateDir, mdnsInterfacesFrom } from './bridge/run-options';
import { createSecret } from './bridge/secret';
import { BUILD_HINT, registerRenderer } from './bridge/static-site';
import { registerUploadRoute } from './bridge/upload-route';
import { attachWsBridge, type BridgeCore, type BridgeLogger } from './bridge/ws-server';
import type { ConsoleCore } from './core/index';

export interface ServeOptions {
  /** 0 (the default) lets the system pick a free port. */
  port?: number;
  stateDir?: string;
  /** The site worked on at start (its own hosts, pins and credentials); the page can switch to another. */
  site?: string;
  /** IPv4 addresses to browse mDNS on; unset keeps the saved setting. */
  mdnsInterfaces?: string[];
  discovery?: boolean;
  /** Site credentials to set in the (in-memory) vault at start. */
  credentials?: { username: string; password: string } | null;
  /** Folder holding the built renderer (index.html); default dist/renderer of the project. */
  rendererDir?: string;
  /** Page origins allowed besides our own (a Vite dev server proxying the bridge). */
  extraOrigins?: string[];
  /** A core made by the caller (tests); serve then neither creates nor closes one. */
  core?: BridgeCore;
  logger?: BridgeLogger;
}

export interface ServeHandle {
  /** The address to open, with the secret in its fragment. */
  url: string;
  port: number;
  secret: string;
  rendererBuilt: boolean;
  close(): Promise<void>;
}

const defaultRendererDir = fileURLToPath(new URL('../dist/renderer/', import.meta.url));

const stderrLogger: BridgeLogger = {
  warn: (message) => process.stderr.write(`fieldlink: ${message}\n`),
  error: (message, err) => process.stderr.write(`fieldlink: ${message}${err instanceof Error && process.env.FIELDLINK_DEBUG ? `\n${err.stack}` : ''}\n`),
};

/** Loaded on demand so that a caller bringing its own core (tests) never loads discovery and the agent client. */
async function createCore(options: ServeOptions, logger: BridgeLogger) {
  const { createConsoleCore, MemoryVault } = await import('./core/index');
  return createConsoleCore({
    stateDir: options.stateDir ?? defaultStateDir(),
    ...(options.site ? { site: options.site } : {}),
    vault: new MemoryVault(),
    bridge: 'browser',
    ...(options.mdnsInterfaces ? { mdnsInterfaces: options.mdnsInterfaces } : {}),
    ...(options.discovery === undefined ? {} : { discovery: options.discovery }),
    // Routine core lines stay quiet in a terminal that is showing the URL to open.
    logger: { info: () => {}, warn: (message: string) => logger.warn(message), error: (message: string) => logger.error(message) },
  });
}

export async function startServe(options: ServeOptions = {}): Promise<ServeHandle> {
  const logger = options.logger ?? stderrLogger;
  const owned = options.core ? null : await createCore(options, logger);
  const core: BridgeCore = options.core ?? owned!;
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  try {
    if (options.credentials) {
      const answer = await dispatch(core.handlers, 'credentials.setSite', options.credentials);
      if (!answer.ok) logger.warn(`The site credentials were not set: ${answer.error.message}`);
    }
    const secret = createSecret();
    // The bridge goes first: @fastify/websocket must see the upgrade before any other route does.
    await attachWsBridge(app, core, { secret, logger, extraOrigins: options.extraOrigins ?? [] });
    // Drop uploads from the page stream through here, into the core's upload task (no temporary copy).
    const full = owned ?? (options.core as Partial<Pick<ConsoleCore, 'context' | 'ready'>> | undefined);
    if (full?.context) {
      const { createStreamUploads } = await import('./core/uploads/stream-upload');
      // Every per-site command waits for a site switch under way to end: an upload waits the same way.
      const siteReady = full.ready?.bind(full);
      await registerUploadRoute(app, createStreamUploads(full.context), { secret, extraOrigins: options.extraOrigins ?? [], siteReady });
    }
    const { built } = await registerRenderer(app, options.rendererDir ?? defaultRendererDir);
    await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
    const port = (app.server.address() as AddressInfo).port;
    let closing: Promise<void> | null = null;
    return {
      url: `http://127.0.0.1:${port}/#secret=${secret}`,
      port,
      secret,
      rendererBuilt: built,
      close: () => {
        closing ??= (async () => {
          await app.close();
          await owned?.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    // Start-up already failed with `err`, which is what the caller needs to see; closing is best effort.
    await app.close().catch(() => {});
    await owned?.close().catch(() => {}); // same: best effort after a failed start
    throw err;
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a number from 0 to 65535.');
  return port;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command('serve')
    .description('Run the Fieldlink console for a browser on this machine (127.0.0.1 only).')
    .option('--port <P>', 'port to listen on (0 = any free port)', parsePort, 0)
    .option('--mdns-interface <IP>', 'IPv4 address of the interface to discover hosts on (env FIELDLINK_MDNS_INTERFACE)')
    .option('--state <DIR>', 'state folder (env FIELDLINK_STATE_DIR)')
    .option('--site <NAME>', 'the site to work on at start (env FIELDLINK_SITE); the console switches between sites')
    .option('--no-discovery', 'do not browse mDNS (manual add, peers and probes still work)')
    .addHelpText('after', '\nFIELDLINK_USER and FIELDLINK_PASSWORD pre-fill the site credentials.')
    .showHelpAfterError();
  program.parse(argv);
  const flags = program.opts<{ port: number; mdnsInterface?: string; state?: string; site?: string; discovery: boolean }>();
  const site = flags.site ?? process.env.FIELDLINK_SITE;

  let handle: ServeHandle;
  try {
    handle = await startServe({
      port: flags.port,
      stateDir: flags.state ?? defaultStateDir(),
      ...(site ? { site } : {}),
      mdnsInterfaces: mdnsInterfacesFrom(flags.mdnsInterface),
      discovery: flags.discovery,
      credentials: credentialsFrom({}),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'EADDRINUSE'
        ? `Port ${flags.port} is already in use: choose another with --port.`
        : `Fieldlink could not start: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }

  if (!handle.rendererBuilt) process.stderr.write(`${BUILD_HINT}\n`);
  process.stdout.write(`Fieldlink is running. Open ${handle.url} (Ctrl+C stops it).\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(130); // a second Ctrl+C does not wait for a slow shutdown
    stopping = true;
    handle.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv).catch((err: unknown) => {
    process.stderr.write(`fieldlink serve: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
