// mDNS browsing of `_palette-edge._tcp`: one bonjour-service instance per chosen interface, each bound as
// `{ interface: IP, bind: '0.0.0.0' }` so its queries leave by that interface only. An interface that fails is
// reported and skipped; the others keep working.
//
// The library never expires a host that vanished without a goodbye, and only reports a service once per browser;
// so each interface's browser is replaced on every re-query (every 15 s and on Rescan), which makes every host that
// still answers report itself again. Whether a host is alive is decided by the HTTP liveness check, not here.
import { Bonjour, type Browser } from 'bonjour-service';
import { MDNS_SERVICE_TYPE } from '../../../shared/local-api/types';
import type { Observation } from '../hosts/entry';
import type { CoreLogger } from '../log';
import { serviceToObservation } from './txt';

export const REQUERY_MS = 15_000;

export interface MdnsEvents {
  observed(obs: Observation): void;
  problem(iface: string, message: string): void;
}

interface Lane {
  address: string;
  bonjour: Bonjour;
  browser: Browser | null;
  failed: boolean;
}

interface MdnsSocket {
  on(event: 'error' | 'warning', listener: (err: Error & { code?: string }) => void): void;
  emit(event: string | symbol, ...args: unknown[]): boolean;
}

export class MdnsDiscovery {
  private lanes: Lane[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly rejectedSeen = new Set<string>();
  private closed = false;
  private starting: Promise<void> = Promise.resolve();

  constructor(
    private readonly events: MdnsEvents,
    private readonly logger: CoreLogger,
    private readonly requeryMs = REQUERY_MS,
  ) {}

  get interfaces(): string[] {
    return this.lanes.filter((l) => !l.failed).map((l) => l.address);
  }

  /**
   * (Re)starts browsing on exactly these interface addresses. Restarts are queued: two settings changes in quick
   * succession must not open an interface twice or lose the re-query timer.
   */
  start(addresses: string[]): Promise<void> {
    const run = this.starting.then(async () => {
      await this.stop();
      if (this.closed) return;
      for (const address of addresses) this.open(address);
      this.timer = setInterval(() => this.rescan(), this.requeryMs);
    });
    this.starting = run.catch(() => undefined);
    return run;
  }

  /** Asks again on every interface: hosts that announced before we listened answer now. */
  rescan(): void {
    for (const lane of this.lanes) if (!lane.failed) this.browse(lane);
  }

  /** Stops for good: a start() still in progress opens nothing. */
  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const lanes = this.lanes;
    this.lanes = [];
    await Promise.all(lanes.map((lane) => this.destroy(lane)));
  }

  private open(address: string): void {
    let lane: Lane;
    try {
      // bonjour-service types its options as a ServiceConfig, but hands them to multicast-dns.
      const options = { interface: address, bind: '0.0.0.0' } as unknown as ConstructorParameters<typeof Bonjour>[0];
      const bonjour = new Bonjour(options, (err: Error) => this.fail(lane, err.message));
      lane = { address, bonjour, browser: null, failed: false };
    } catch (err) {
      this.events.problem(address, `mDNS cannot start on ${address}: ${(err as Error).message}`);
      return;
    }
    const socket = (lane.bonjour as unknown as { server: { mdns: MdnsSocket } }).server.mdns;
    // multicast-dns emits 'error' (bind failures) with nobody listening, which would throw.
    socket.on('error', (err) => this.fail(lane, err.message));
    socket.on('warning', (err) => {
      // Membership and socket faults matter; a malformed packet from the network does not.
      if (err.code && /^E[A-Z]/.test(err.code)) this.fail(lane, `${err.code}: ${err.message}`);
      else this.logger.info('mDNS packet ignored', { interface: address, reason: err.message.slice(0, 120) });
    });
    // A hostile packet must not throw out of the library's handlers into the socket's event loop.
    const emit = socket.emit.bind(socket);
    socket.emit = (event: string | symbol, ...args: unknown[]) => {
      try {
        return emit(event, ...args);
      } catch (err) {
        this.logger.warn('mDNS answer could not be handled', { interface: address, error: err });
        return true;
      }
    };
    this.lanes.push(lane);
    this.browse(lane);
  }

  private browse(lane: Lane): void {
    try {
      lane.browser?.stop();
      const browser = lane.bonjour.find({ type: MDNS_SERVICE_TYPE, protocol: 'tcp' });
      const seen = (service: unknown) => this.seen(lane, service);
      browser.on('up', seen);
      browser.on('txt-update', seen);
      browser.on('srv-update', seen);
      lane.browser = browser;
    } catch (err) {
      this.fail(lane, (err as Error).message);
    }
  }

  private seen(lane: Lane, service: unknown): void {
    const result = serviceToObservation(service);
    if (result.ok) {
      this.events.observed(result.observation);
      return;
    }
    // Report each kind of bad record once per interface, not on every re-query.
    const key = `${lane.address} ${result.reason}`;
    if (!this.rejectedSeen.has(key) && this.rejectedSeen.size < 200) {
      this.rejectedSeen.add(key);
      this.logger.warn('mDNS record ignored', { interface: lane.address, reason: result.reason });
    }
  }

  private fail(lane: Lane | undefined, message: string): void {
    if (!lane || lane.failed) return;
    lane.failed = true;
    this.events.problem(lane.address, `mDNS on ${lane.address} stopped: ${message.slice(0, 200)}. Other interfaces keep working; hosts can still be added by address.`);
    void this.destroy(lane);
  }

  private destroy(lane: Lane): Promise<void> {
    lane.browser?.stop();
    lane.browser = null;
    return new Promise((resolve) => {
      try {
        lane.bonjour.destroy(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}
