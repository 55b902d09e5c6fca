// Wires the core's parts together and owns their lifecycle: everything started here (timers, sockets, mDNS) is
// stopped by close().
import type { CommandArgs, HostView, SettingsView } from '../../shared/contract';
import { ConsoleError } from '../../shared/errors';
import type { CoreContext } from './context';
import { listInterfaces, resolveSelection } from './discovery/interfaces';
import type { MdnsDiscovery } from './discovery/mdns';
import { EventBus } from './event-bus';
import { ChangeFeed } from './hosts/change-feed';
import type { HostEntry, Observation } from './hosts/entry';
import { KnownHostsSync } from './hosts/known-hosts';
import { HostMonitor, type MonitorTiming } from './hosts/monitor';
import { HostReader } from './hosts/refresh';
import { DEFAULT_SILENT_MS, HostRegistry } from './hosts/registry';
import type { TrustNew } from './hosts/trust-scope';
import { findHost, requireHost } from './hosts/resolve';
import { buildView, type ViewContext } from './hosts/view';
import { readinessError } from './linking/preflight';
import { redactingLogger, SecretSet, silentLogger, type CoreLogger } from './log';
import type { StoreProblem } from './store/atomic-json';
import { CredentialStore } from './store/credentials';
import { KnownHostsStore } from './store/known-hosts-store';
import { LeaderRecordFile } from './store/leader-record';
import type { LoginGuard } from './store/login-guard';
import { UnlinkChoiceFile } from './store/unlink-choice';
import { PinStore } from './store/pin-store';
import { SettingsStore } from './store/settings-store';
import { ActionLog } from './action-log/action-log';
import { TaskManager } from './tasks/task-manager';
import type { Vault } from './vault';

/**
 * A task that starts on a host checked this recently (in full, and it answered) does not check it again: the CLI
 * reads a host just before starting its task. Long enough for that, far shorter than a wait in the upload queue.
 */
const READY_REUSE_MS = 3_000;

export interface RuntimeOptions {
  stateDir: string;
  vault: Vault;
  mdnsInterfaces?: 'all' | string[];
  discovery: boolean;
  logger?: CoreLogger;
  version: string;
  trustNew: TrustNew;
  timing?: Partial<MonitorTiming>;
  requeryMs?: number;
  /** The CLI's record of refused logins across commands (see store/login-guard.ts). */
  loginGuard?: LoginGuard;
  /** Unconfirmed mDNS / peer claims silent this long are dropped (default 10 min). */
  claimSilentMs?: number;
}

export class CoreRuntime {
  readonly bus: EventBus;
  readonly secrets = new SecretSet();
  readonly logger: CoreLogger;
  readonly settings: SettingsStore;
  readonly credentials: CredentialStore;
  readonly pins: PinStore;
  readonly registry: HostRegistry;
  readonly monitor: HostMonitor;
  readonly tasks: TaskManager;
  /** Every action taken on hosts, appended as tasks end (action-log/action-log.ts). */
  readonly actionLog: ActionLog;
  readonly feed: ChangeFeed;
  readonly context: CoreContext;
  readonly storeProblems: StoreProblem[] = [];
  private readonly known: KnownHostsSync;
  private readonly knownStore: KnownHostsStore;
  private readonly leaders: LeaderRecordFile;
  private readonly unlinkChoice: UnlinkChoiceFile;
  private readonly viewCtx: ViewContext;
  private mdns: MdnsDiscovery | null = null;
  private discoveryStart: NodeJS.Immediate | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly opts: RuntimeOptions) {
    this.logger = redactingLogger(opts.logger ?? silentLogger, this.secrets);
    this.bus = new EventBus((err, event) => this.logger.error('event listener failed', { event, error: err }));
    const onProblem = (p: StoreProblem) => {
      this.storeProblems.push(p);
      this.logger.warn('state file problem', { file: p.file, problem: p.message, movedTo: p.movedTo });
    };
    this.settings = new SettingsStore(opts.stateDir, onProblem);
    this.credentials = new CredentialStore(opts.stateDir, opts.vault, this.secrets, onProblem);
    this.pins = new PinStore(opts.stateDir, onProblem);
    this.knownStore = new KnownHostsStore(opts.stateDir, onProblem);
    this.leaders = new LeaderRecordFile(opts.stateDir, onProblem);
    this.unlinkChoice = new UnlinkChoiceFile(opts.stateDir, onProblem);
    this.viewCtx = {
      hasCredentials: (key) => this.credentials.status().siteSet || this.credentials.hasOverride(key),
      hasOverride: (key) => this.credentials.hasOverride(key),
      pinnedFingerprint: (e) => this.pins.pinnedFor(this.registry.identity(e)),
    };
    this.registry = new HostRegistry({
      pins: this.pins,
      credentials: this.credentials,
      secrets: this.secrets,
      logger: this.logger,
      version: opts.version,
      ...(opts.loginGuard ? { loginGuard: opts.loginGuard } : {}),
      trustNew: opts.trustNew,
      changed: (e) => this.feed.mark(e.key),
      removed: (key) => this.feed.mark(key),
      erased: (keys) => this.known.erase(keys),
      connectionLost: (e) => this.monitor.connectionLost(e),
      held: (e) => this.monitor.isHeld(e),
      merged: (survivor, gone) => this.monitor.merged(survivor, gone),
    });
    this.known = new KnownHostsSync(this.registry, this.knownStore);
    this.feed = new ChangeFeed(
      this.bus,
      (key) => this.registry.get(key),
      (e) => this.view(e),
      () => this.known.changed(),
    );
    this.monitor = new HostMonitor(
      {
        registry: this.registry,
        reader: new HostReader(this.registry, this.logger, this.secrets, this.leaders),
        logger: this.logger,
        credentialGeneration: () => this.credentials.generation,
      },
      opts.timing,
    );
    this.tasks = new TaskManager(this.bus, this.logger);
    this.actionLog = new ActionLog(opts.stateDir, this.secrets, this.logger);
    // recordTask never rejects: a log that cannot be written is reported through the logger, never to the task.
    this.bus.on('tasks.ended', (task) => void this.actionLog.recordTask(task));
    this.context = this.makeContext();
  }

  async init(): Promise<void> {
    await Promise.all([this.settings.load(), this.credentials.load(), this.pins.load()]);
    await this.known.load();
    this.monitor.start();
    const silentMs = this.opts.claimSilentMs ?? DEFAULT_SILENT_MS;
    this.sweepTimer = setInterval(() => this.registry.sweepSilent(silentMs), Math.max(1_000, Math.min(60_000, silentMs / 4)));
    this.sweepTimer.unref();
    // Started after the caller had a chance to subscribe, so interface problems reach it as events.
    if (this.opts.discovery) this.discoveryStart = setImmediate(() => void this.startDiscovery() /* reports its problems as events */);
  }

  view(e: HostEntry): HostView {
    return buildView(e, this.viewCtx);
  }

  views(): HostView[] {
    return this.registry
      .all()
      .map((e) => this.view(e))
      .sort((a, b) => Number(b.pinned) - Number(a.pinned) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  observe(obs: Observation): HostEntry | null {
    return this.registry.observe(obs)?.entry ?? null;
  }

  /** The interfaces mDNS should use: the caller's override (flag, environment) wins over the saved setting. */
  mdnsSelection(): 'all' | string[] {
    return this.opts.mdnsInterfaces ?? this.settings.get().mdnsInterfaces;
  }

  async startDiscovery(): Promise<void> {
    this.discoveryStart = null;
    if (this.closed || !this.opts.discovery) return;
    const { addresses, missing } = resolveSelection(this.mdnsSelection());
    for (const address of missing) {
      this.bus.emit('discovery.problem', { interface: address, message: `The interface ${address} does not exist on this computer; mDNS skips it.` });
    }
    if (addresses.length === 0) {
      this.bus.emit('discovery.problem', {
        interface: '',
        message: 'No network interface is selected for mDNS discovery; add hosts by address or choose an interface.',
      });
    }
    // Loaded when first needed: a core without discovery (a CLI command naming hosts by address) never loads the
    // mDNS stack, about 10 ms of its start.
    const { MdnsDiscovery: Discovery } = await import('./discovery/mdns');
    if (this.closed) return;
    this.mdns ??= new Discovery(
      {
        observed: (obs) => void this.observe(obs),
        problem: (iface, message) => {
          this.logger.warn('mDNS problem', { interface: iface, message });
          this.bus.emit('discovery.problem', { interface: iface, message });
        },
      },
      this.logger,
      this.opts.requeryMs,
    );
    await this.mdns.start(addresses);
  }

  /** settings.set: saved, announced, and discovery follows a new choice of interfaces. */
  private async changeSettings(change: CommandArgs<'settings.set'>): Promise<SettingsView> {
    const before = this.settings.get();
    const after = await this.settings.update(change);
    await this.settingsChanged(before, after);
    return after;
  }

  private async settingsChanged(before: SettingsView, after: SettingsView): Promise<void> {
    this.bus.emit('settings.changed', after);
    const moved = JSON.stringify(before.mdnsInterfaces) !== JSON.stringify(after.mdnsInterfaces);
    if (moved && this.opts.mdnsInterfaces === undefined && this.opts.discovery) await this.startDiscovery();
  }

  /**
   * New credentials: hosts whose login failed or had none may log in once more (the monitor sees the change), and
   * the hosts the change applies to (every host without its own for the site's, else the one host) sign in again
   * with them at the next beat, even when signed in already: a wrong password must show on their cards within one
   * refresh, not when an old session runs out hours later. Hosts a task is working on keep their session.
   */
  private credentialsChanged(applies: 'site' | HostEntry): void {
    for (const e of this.registry.all()) {
      const affected = applies === 'site' ? !this.credentials.hasOverride(e.key) : e === applies;
      if (affected && e.auth.kind === 'ok' && !this.monitor.isHeld(e)) this.registry.dropSession(e);
      this.monitor.credentialsChanged(e, affected);
      // Its card says whether credentials apply to it ("Logging in…" or "Enter the site credentials"), and whether it
      // has its own: the change feed sends the cards that differ.
      if (affected) this.registry.credentialsChanged(e);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.discoveryStart) clearImmediate(this.discoveryStart);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.monitor.close();
    await this.tasks.close();
    await this.mdns?.close();
    this.feed.close();
    this.registry.closeClients();
    await Promise.all([
      this.actionLog.flush(),
      this.known.close(),
      this.settings.close(),
      this.credentials.close(),
      this.pins.close(),
      this.leaders.flush(),
      this.unlinkChoice.flush(),
      this.opts.loginGuard?.flush(),
    ]);
    this.bus.clear();
  }

  private makeContext(): CoreContext {
    const entry = (ref: string) => requireHost(this.registry, ref);
    // A feature may hold an entry the registry has since merged into another (registry.current): it works on that one.
    const now = (e: HostEntry) => this.registry.current(e);
    return {
      version: this.opts.version,
      stateDir: this.opts.stateDir,
      logger: this.logger,
      settings: () => this.settings.get(),
      redact: (secret) => this.secrets.add(secret),
      agentFor: (ref) => this.registry.clientFor(entry(ref)),
      hosts: {
        resolve: (ref) => this.view(entry(ref)),
        list: () => this.views(),
        refresh: async (ref, signal) => {
          const e = entry(ref);
          // What the check found (offline, login refused…) is in the view returned below.
          await this.monitor.checkNow(e, signal).catch(() => undefined);
          return this.view(e);
        },
        ensureReady: async (ref, signal) => {
          const e = entry(ref);
          let failure: ConsoleError | null = null;
          await this.monitor.checkNow(e, signal, READY_REUSE_MS).catch((err: unknown) => {
            if (err instanceof ConsoleError) failure = err;
            else throw err;
          });
          const problem = readinessError(e, failure);
          if (problem) throw problem;
          return this.view(e);
        },
      },
      tasks: {
        start: (spec) => this.tasks.start(spec),
        get: (id) => this.tasks.get(id),
        settled: (id) => this.tasks.settled(id),
        cancel: (id) => this.tasks.cancel(id),
      },
      entries: {
        find: (ref) => findHost(this.registry, ref),
        require: entry,
        all: () => this.registry.all(),
        byAddress: (address, port) => this.registry.byAddress(address, port),
        observe: (obs) => this.registry.observe(obs),
        update: (e, patch) => void this.registry.update(now(e), patch),
        clientFor: (e) => this.registry.clientFor(now(e)),
        view: (e) => this.view(now(e)),
        ping: (e) => this.monitor.ping(now(e)),
        refresh: (e, opts) => this.monitor.refresh(now(e), opts),
        // The monitor follows merges itself: a hold taken before one is released from the survivor.
        hold: (entries) => this.monitor.hold(entries),
        isHeld: (e) => this.monitor.isHeld(e),
        trust: (e, fingerprint) => this.registry.trust(now(e), fingerprint),
        forget: (e) => this.registry.forget(now(e)),
      },
      discovery: {
        rescan: () => {
          this.mdns?.rescan();
          for (const e of this.registry.all()) if (e.online !== true) this.monitor.checkSoon(e);
        },
        interfaces: () => listInterfaces(this.mdnsSelection()),
      },
      leaders: this.leaders,
      unlinkChoice: this.unlinkChoice,
      config: {
        changeSettings: (change) => this.changeSettings(change),
        credentialStatus: () => this.credentials.status(),
        setSiteCredentials: async (credentials) => {
          await this.credentials.setSite(credentials);
          this.credentialsChanged('site');
          return this.credentials.status();
        },
        setHostCredentials: async (ref, credentials) => {
          const e = entry(ref);
          await this.credentials.setHost(e.key, credentials);
          this.credentialsChanged(e);
          return this.credentials.status();
        },
        clearHostCredentials: async (ref) => {
          const e = entry(ref);
          await this.credentials.clearHost(e.key);
          this.credentialsChanged(e);
          return this.credentials.status();
        },
      },
    };
  }
}
