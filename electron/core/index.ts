// The console core's factory: the one entry point the bridges (Electron IPC, WebSocket, CLI) build on. Plain Node:
// nothing here or below imports 'electron'; the desktop shell injects what only it has (the safeStorage vault).
import type { EventSource, Handlers } from '../../shared/contract';
import type { CoreContext } from './context';
import type { MonitorTiming } from './hosts/monitor';
import type { TrustNew } from './hosts/trust-scope';
import type { CoreLogger } from './log';
import type { InterfaceTable } from './sites/networks';
import type { SessionHandlers } from './sites/site-session';
import { SiteSwitcher } from './sites/site-switch';
import type { Vault } from './vault';

export type { CoreContext } from './context';
export type { CoreLogger } from './log';
export type { TrustNew } from './hosts/trust-scope';
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
  /** Internal: the laptop's interfaces (os.networkInterfaces), for tests of the new-network suggestion. */
  interfaces?: () => InterfaceTable;
}

export interface ConsoleCore {
  handlers: Handlers;
  on: EventSource['on'];
  /** Stops everything the core started (timers, sockets, mDNS) and flushes the state files. */
  close(): Promise<void>;
  /** For feature modules built on the core (uploads). */
  context: CoreContext;
  /** Resolves once a site switch under way has ended (what every per-site command waits for). */
  ready(): Promise<void>;
}

export async function createConsoleCore(options: ConsoleCoreOptions): Promise<ConsoleCore> {
  const sites = await SiteSwitcher.open(options, options.interfaces);
  // One handler set for the core's life: each command goes to the site open when it runs (sites/site-switch.ts).
  const perSite = Object.fromEntries(
    (Object.keys(sites.current.handlers) as (keyof SessionHandlers)[]).map((name) => [
      name,
      async (input: never) => {
        const session = await sites.ready();
        return (session.handlers[name] as (i: never) => Promise<unknown>)(input);
      },
    ]),
  ) as unknown as SessionHandlers;
  const handlers: Handlers = {
    ...perSite,
    'sites.list': () => sites.list(),
    'sites.switch': ({ site, create }) => sites.switchTo(site, create === true),
    'sites.networks': () => sites.suggestion(),
    'sites.keepNetworks': ({ networks }) => sites.keepNetworks(networks),
  };
  // The context follows the open site too (serve's upload route keeps it for its life).
  const context = new Proxy({} as CoreContext, { get: (_target, key) => sites.current.rt.context[key as keyof CoreContext] });
  return {
    handlers,
    on: (event, listener) => sites.bus.on(event, listener),
    close: () => sites.close(),
    context,
    ready: () => sites.ready().then(() => undefined),
  };
}
