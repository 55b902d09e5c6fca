// The console core's factory: the one entry point the bridges (Electron IPC, WebSocket, CLI) build on. Plain Node:
// nothing here or below imports 'electron'; the desktop shell injects what only it has (the safeStorage vault).
import type { EventSource, Handlers } from '../../shared/contract';
import type { CoreContext } from './context';
import { hostHandlers } from './handlers/host-handlers';
import { linkHandlers } from './handlers/link-handlers';
import { settingHandlers } from './handlers/setting-handlers';
import type { MonitorTiming } from './hosts/monitor';
import type { CoreLogger } from './log';
import { CoreRuntime } from './runtime';
import { createUploadHandlers } from './uploads/handlers';
import type { Vault } from './vault';

export type { CoreContext, CoreHosts, CoreTasks } from './context';
export type { CoreLogger } from './log';
export { MemoryVault, type Vault } from './vault';

export interface ConsoleCoreOptions {
  /** Where settings, known hosts and pinned certificates are kept (JSON files, no secrets). */
  stateDir: string;
  /** Where passwords are kept: MemoryVault under Node, safeStorage in the desktop app. */
  vault: Vault;
  bridge: 'electron' | 'browser' | 'cli';
  /** Overrides the saved setting for this run (e.g. FIELDLINK_MDNS_INTERFACE, --mdns-interface). */
  mdnsInterfaces?: 'all' | string[];
  /** Default true; false = no mDNS at all (CLI commands that do not need it, tests). */
  discovery?: boolean;
  logger?: CoreLogger;
  version?: string;
  /**
   * Accept a certificate seen for the first time without asking (CLI --trust-new). A *changed* certificate is
   * still refused.
   */
  trustNew?: boolean;
  /** Internal: faster polling for tests and benchmarks. */
  timing?: Partial<MonitorTiming>;
  /** Internal: mDNS re-query period (default 15 s). */
  mdnsRequeryMs?: number;
}

export interface ConsoleCore {
  handlers: Handlers;
  on: EventSource['on'];
  /** Stops everything the core started (timers, sockets, mDNS) and flushes the state files. */
  close(): Promise<void>;
  /** For feature modules built on the core (uploads). */
  context: CoreContext;
}

export async function createConsoleCore(opts: ConsoleCoreOptions): Promise<ConsoleCore> {
  const version = opts.version ?? '0.0.0';
  const rt = new CoreRuntime({
    stateDir: opts.stateDir,
    vault: opts.vault,
    mdnsInterfaces: opts.mdnsInterfaces,
    discovery: opts.discovery !== false,
    logger: opts.logger,
    version,
    trustNew: opts.trustNew === true,
    timing: opts.timing,
    requeryMs: opts.mdnsRequeryMs,
  });
  await rt.init();
  const handlers: Handlers = {
    ...settingHandlers(rt, { version, bridge: opts.bridge, stateDir: opts.stateDir }),
    ...hostHandlers(rt),
    ...linkHandlers(rt),
    ...createUploadHandlers(rt.context),
  };
  return {
    handlers,
    on: (event, listener) => rt.bus.on(event, listener),
    close: () => rt.close(),
    context: rt.context,
  };
}
