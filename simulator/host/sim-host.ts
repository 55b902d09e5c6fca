// One simulated edge host: it owns its state and listener and wires its parts together through host-parts.ts.
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { HostState, NodeRole, V1EdgeHostInfo } from '../../shared/local-api/types';
import { Auth } from './auth';
import { loadOrCreateCertificate, type HostCertificate } from './certificate';
import { Cluster } from './cluster';
import { Content } from './content';
import { Faults } from './faults';
import { GroupSync } from './group';
import { Heartbeats } from './heartbeat';
import { buildHostInfo, newHostId, newMacAddress } from './host-info';
import { Linking } from './linking';
import { leaderDirectory, type DirectoryEntry } from './leader-directory';
import type { HostConfig, HostCore } from './host-parts';
import { HostListener } from './listener';
import { LinkTokens } from './tokens';
import { PeerClient } from './peer-client';
import { AtomicJsonFile, readState, type ClusterRecord, type PersistedState } from './persistence';

/** Announces the host on mDNS; the site owns the one responder per interface that all hosts share. */
export interface HostAnnouncer {
  announce(host: SimHost): void;
  /** Stop answering for the host without a goodbye, as a crashed host would. */
  silence(hostId: string): void;
}

export type { HostConfig } from './host-parts';

export type RequestHandler = (host: SimHost, req: IncomingMessage, res: ServerResponse) => void;

/**
 * One simulated edge host: its persisted identity and state, its HTTPS listener, and the parts that implement the
 * API (auth, linking, group sync, content, cluster). The HTTP routes are shared by the whole site and find the
 * host a request belongs to from the listener it came in on.
 */
export class SimHost implements HostCore {
  readonly faults = new Faults();
  readonly auth: Auth;
  readonly group: GroupSync;
  readonly heartbeats: Heartbeats;
  readonly tokens: LinkTokens;
  readonly linking: Linking;
  readonly content: Content;
  readonly cluster: Cluster;
  peers: PeerClient;

  private readonly listener: HostListener;
  /** How followers of a spec-only site find this host from a token that names no port (leader-directory.ts). */
  private readonly directoryEntry: DirectoryEntry = directoryEntryOf(this);
  private life = newLife();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly store: AtomicJsonFile<PersistedState>;
  private listening = false;
  private stopped = false;

  private constructor(
    readonly config: HostConfig,
    readonly state: PersistedState,
    readonly cert: HostCertificate,
    private readonly handler: RequestHandler,
    private readonly announcer: HostAnnouncer | null,
  ) {
    this.store = new AtomicJsonFile(path.join(config.dir, 'state.json'));
    this.listener = new HostListener(cert, (req, res) => this.handler(this, req, res));
    this.auth = new Auth({
      user: config.user,
      password: config.password,
      hostId: state.id,
      sessionKey: state.sessionKey,
      lockoutSec: config.lockoutSec,
      delayBaseMs: config.loginDelayBaseMs,
      wrongPasswordStatus: config.api.name === 'spec' ? 400 : 401,
    });
    this.peers = new PeerClient(() => this.signal);
    this.group = new GroupSync(this);
    this.heartbeats = new Heartbeats(this);
    this.tokens = new LinkTokens(this);
    this.linking = new Linking(this);
    this.content = new Content(this);
    this.cluster = new Cluster(this);
  }

  /** Loads the host from its directory, creating identity and certificate on first start. */
  static async open(config: HostConfig, handler: RequestHandler, announcer: HostAnnouncer | null): Promise<SimHost> {
    const existing = await readState(path.join(config.dir, 'state.json'));
    const state = existing ?? newState(config);
    if (existing) {
      // The site file describes the host as it should be now; identity, links and uploads are kept.
      state.profile = config.profile;
      if (config.name) state.name = config.name;
      state.address = config.advertisedAddress;
    }
    const cert = await loadOrCreateCertificate(config.dir, state.name, [config.advertisedAddress]);
    const host = new SimHost(config, state, cert, handler, announcer);
    if (!existing && config.initialState === 'In-Use') host.cluster.startInUse();
    host.persist();
    return host;
  }

  get id(): string {
    return this.state.id;
  }
  get name(): string {
    return this.state.name;
  }
  get address(): string {
    return this.state.address;
  }
  get port(): number {
    return this.state.port;
  }
  get url(): string {
    return `https://${this.address.includes(':') ? `[${this.address}]` : this.address}:${this.port}`;
  }
  get isUp(): boolean {
    return this.listening;
  }
  /** Aborted when the host goes down or stops: everything the host does in the background listens to it. */
  get signal(): AbortSignal {
    return this.life.signal;
  }

  currentCluster(): ClusterRecord | null {
    return this.state.group?.cluster ?? this.state.soloCluster;
  }

  hostState(): HostState {
    const cluster = this.currentCluster();
    return cluster && cluster.nodes[this.id] ? 'In-Use' : 'Ready';
  }

  nodeRole(): NodeRole | undefined {
    return this.currentCluster()?.nodes[this.id];
  }

  info(): V1EdgeHostInfo {
    return buildHostInfo(this.state, { hostState: this.hostState(), nodeRole: this.nodeRole() });
  }

  persist(): void {
    this.store.save(this.state).catch((err) => this.config.log(`${this.name}: cannot save state: ${String(err)}`));
  }

  log(message: string): void {
    this.config.log(`${this.name}: ${message}`);
  }

  /** A timer that dies with the host's current life (down or stop clears it). */
  after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  every(ms: number, fn: () => void): () => void {
    const timer = setInterval(fn, ms);
    this.timers.add(timer);
    return () => {
      clearInterval(timer);
      this.timers.delete(timer);
    };
  }

  background(what: string, work: Promise<unknown>): void {
    work.catch((err: unknown) => {
      if (!this.signal.aborted) this.log(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  async start(): Promise<void> {
    await this.listen(this.config.port || this.state.port, this.config.port === 0);
    this.persist();
    if (this.config.api.name === 'spec') leaderDirectory.add(this.directoryEntry);
    this.resume();
  }

  /** Like a crash: the listener closes, open connections are cut, background work stops, no mDNS goodbye. */
  async down(): Promise<void> {
    if (!this.listening || this.stopped) return;
    this.announcer?.silence(this.id);
    await this.suspend();
  }

  /** Back on the same port with the same identity, as after a reboot. */
  async up(): Promise<void> {
    if (this.listening || this.stopped) return;
    this.life = newLife();
    this.peers = new PeerClient(() => this.signal);
    await this.listen(this.state.port, false);
    this.resume();
  }

  /** Clean shutdown; the site sends the mDNS goodbyes for all its hosts at once. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    leaderDirectory.remove(this.directoryEntry);
    await this.suspend();
    this.stopped = true;
    await this.store.flush();
  }

  /** Moves the listener to another address (admin only). Refused while linked: a linked host's IP cannot change. */
  async changeAddress(address: string): Promise<void> {
    if (this.state.group) {
      throw new Error(`${this.name} is linked to other hosts: a linked host's IP address cannot change`);
    }
    const wasUp = this.listening;
    if (wasUp) {
      this.announcer?.silence(this.id);
      await this.suspend();
    }
    const previous = this.state.address;
    this.state.address = address;
    if (wasUp) {
      this.life = newLife();
      this.peers = new PeerClient(() => this.signal);
      try {
        await this.listen(this.state.port, false);
      } catch (err) {
        this.state.address = previous;
        await this.listen(this.state.port, false);
        this.resume();
        throw err;
      }
      this.resume();
    }
    this.persist();
  }

  async flush(): Promise<void> {
    await this.store.flush();
  }

  private resume(): void {
    this.listening = true;
    this.announcer?.announce(this);
    this.group.resume();
    this.cluster.resume();
  }

  private async suspend(): Promise<void> {
    this.listening = false;
    this.life.abort(new Error(`${this.name} went down`));
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.peers.close();
    this.group.suspend();
    this.heartbeats.suspend();
    this.content.suspend();
    this.linking.suspend();
    await this.listener.close();
  }

  private async listen(port: number, fallBackToFreePort: boolean): Promise<void> {
    const bind = this.config.bindAddress === this.config.advertisedAddress ? this.state.address : this.config.bindAddress;
    let bound: number;
    try {
      bound = await this.listener.open(bind, port, fallBackToFreePort);
    } catch (err) {
      throw new Error(`${this.name} cannot listen on ${bind}:${port}: ${(err as Error).message}`);
    }
    if (port !== 0 && bound !== port) this.log(`port ${port} was taken, listening on ${bound} instead`);
    this.state.port = bound;
  }
}

function directoryEntryOf(host: SimHost): DirectoryEntry {
  return {
    get id() {
      return host.id;
    },
    get address() {
      return host.address;
    },
    get port() {
      return host.port;
    },
    get certPem() {
      return host.cert.certPem;
    },
    get fingerprint() {
      return host.cert.fingerprint;
    },
    checkOtp: (otp) => host.tokens.checkOtp(otp),
  };
}

/** Every call a host makes listens to its life signal: a leader has far more than the default 10 in flight. */
function newLife(): AbortController {
  const life = new AbortController();
  setMaxListeners(0, life.signal);
  return life;
}

function newState(config: HostConfig): PersistedState {
  const id = newHostId();
  return {
    version: 1,
    id,
    name: config.name ?? `edge-${id.slice(5, 13)}`,
    createdAt: new Date().toISOString(),
    address: config.advertisedAddress,
    port: config.port,
    macAddr: newMacAddress(),
    profile: config.profile,
    sessionKey: randomBytes(32).toString('hex'),
    leadership: null,
    group: null,
    soloCluster: null,
    lastUpload: null,
  };
}
