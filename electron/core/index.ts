// The console core's factory: the one entry point the bridges (Electron IPC, WebSocket, CLI) build on. Plain Node:
// nothing here or below imports 'electron'; the desktop shell injects what only it has (the safeStorage vault).
import type { EventSource, Handlers } from '../../shared/contract';
import type { CoreContext } from './context';
import { hostHandlers } from './handlers/host-handlers';
import { linkHandlers } from './handlers/link-handlers';
import { planHandlers } from './handlers/plan-handlers';
import { bulkLinkHandlers } from './handlers/bulk-link-handlers';
import { settingHandlers } from './handlers/setting-handlers';
import type { MonitorTiming } from './hosts/monitor';
import { LoginGuardFile } from './store/login-guard';
import type { TrustNew } from './hosts/trust-scope';
import type { CoreLogger } from './log';
import { CoreRuntime } from './runtime';
import { siteName, siteStateDir, siteVault } from './store/site-dir';
import { createUploadHandlers } from './uploads/handlers';
import type { Vault } from './vault';

export type { CoreContext, CoreHosts, CoreTasks } from './context';
export type { CoreLogger } from './log';
export type { TrustNew, TrustScope } from './hosts/trust-scope';
export { MemoryVault, type Vault } from './vault';

export interface ConsoleCoreOptions {
  /** Where settings, known hosts and pinned certificates are kept (JSON files, no secrets). */
  stateDir: string;
  /**
   * The site worked on (CLI --site, FIELDLINK_SITE): its state lives in <stateDir>/sites/<name>/ and its secrets
   * under keys of its own (store/site-dir.ts). Unset = the state folder itself.
   */
  site?: string;
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
   * Accept a certificate seen for the first time without asking (CLI --trust-new), for the hosts the command names
   * (`{ hosts, peers }`, see hosts/trust-scope.ts). A *changed* certificate is still refused. `true` trusts every
   * first-seen certificate: only for tests and benchmarks on simulated sites.
   */
  trustNew?: TrustNew;
  /** Internal: faster polling for tests and benchmarks. */
  timing?: Partial<MonitorTiming>;
  /**
   * The CLI: remember refused and locked-out logins in the state folder across commands, and do not try that host
   * and user again within the lockout window unless `retry` (--retry-login). Each core is then one command: a
   * refused login is final for its life.
   */
  loginGuard?: { retry: boolean };
  /** Internal: mDNS re-query period (default 15 s). */
  mdnsRequeryMs?: number;
  /** Internal: how long an unconfirmed mDNS / peer claim may stay silent before it is dropped (default 10 min). */
  claimSilentMs?: number;
}

export interface ConsoleCore {
  handlers: Handlers;
  on: EventSource['on'];
  /** Stops everything the core started (timers, sockets, mDNS) and flushes the state files. */
  close(): Promise<void>;
  /** For feature modules built on the core (uploads). */
  context: CoreContext;
}

export async function createConsoleCore(options: ConsoleCoreOptions): Promise<ConsoleCore> {
  // Everything below works in the site's own folder, with the site's own vault keys.
  const opts = { ...options, stateDir: siteStateDir(options.stateDir, options.site), vault: siteVault(options.vault, options.site) };
  const version = opts.version ?? '0.0.0';
  const rt = new CoreRuntime({
    stateDir: opts.stateDir,
    vault: opts.vault,
    mdnsInterfaces: opts.mdnsInterfaces,
    discovery: opts.discovery !== false,
    logger: opts.logger,
    version,
    trustNew: opts.trustNew ?? false,
    timing: opts.timing,
    requeryMs: opts.mdnsRequeryMs,
    ...(opts.loginGuard ? { loginGuard: new LoginGuardFile(opts.stateDir, opts.loginGuard.retry) } : {}),
    claimSilentMs: opts.claimSilentMs,
  });
  await rt.init();
  const uploads = createUploadHandlers(rt.context);
  const handlers: Handlers = {
    ...settingHandlers(rt, { version, bridge: opts.bridge, stateDir: opts.stateDir, rootStateDir: options.stateDir, site: options.site ? siteName(options.site) : null }),
    ...hostHandlers(rt),
    ...linkHandlers(rt),
    ...bulkLinkHandlers(rt),
    ...uploads,
    ...planHandlers(rt, {
      actionLog: rt.actionLog,
      startUploads: async (hostId, files) => (await uploads['uploads.start']({ hostId, files: files.map((path) => ({ path })) })).taskIds,
    }),
  };
  return {
    handlers,
    on: (event, listener) => rt.bus.on(event, listener),
    close: () => rt.close(),
    context: rt.context,
  };
}
