// mDNS browsing of `_palette-edge._tcp`: one bonjour-service instance per chosen interface, each bound as
// `{ interface: IP, bind: '0.0.0.0' }` so its queries leave by that interface only. An interface that fails is
// reported and skipped; the others keep working.
//
// No socket error is silent: multicast-dns hands a failed send (EHOSTUNREACH on macOS while the Local Network
// permission is pending or denied, a firewall's EACCES on Windows) to a callback the browser leaves empty, so each
// lane wraps `send` and reports what failed, in words (mdns-problems.ts). A failed send keeps the lane: permission
// may be granted a minute later, and the next query then works.
//
// The library never expires a host that vanished without a goodbye, and only reports a service once per browser;
// so each interface's browser is replaced on every re-query (every 15 s and on Rescan), which makes every host that
// still answers report itself again. Whether a host is alive is decided by the HTTP liveness check, not here.
import type { Bonjour, Browser } from 'bonjour-service';
import { MDNS_SERVICE_TYPE } from '../../../shared/local-api/types';
import type { Observation } from '../hosts/entry';
import type { CoreLogger } from '../log';
import { describeMdnsFault, type SocketFault } from './mdns-problems';
import { serviceToObservation } from './txt';

export const REQUERY_MS = 15_000;
/**
 * The library's browser keeps every service it heard and compares each new answer with all of them: a flood of
 * made-up hosts makes that quadratic. Past this many, the browser starts afresh (the core's registry keeps what
 * matters; real hosts answer the new browser's query).
 */
export const MAX_BROWSER_SERVICES = 512;

/**
 * Windows Defender Firewall on a Public network drops incoming mDNS answers without any socket error: discovery
 * is just empty. When nothing at all has answered this long after a start on Windows, the technician is told once
 * how to let the answers in.
 */
export const WINDOWS_QUIET_MS = 45_000;

export const WINDOWS_QUIET_MESSAGE =
  'No host has answered mDNS yet. If Palette Edge hosts are on this network, Windows may be dropping their answers: ' +
  'set this network to Private (Settings › Network & internet › your network › Private network) and allow Fieldlink ' +
  'through Windows Defender Firewall on private networks (UDP port 5353), then choose Rescan. Hosts can still be ' +
  'added by address.';

export interface MdnsEvents {
  observed(obs: Observation): void;
  problem(iface: string, message: string): void;
}

interface Lane {
  address: string;
  bonjour: Bonjour;
  browser: Browser | null;
  failed: boolean;
  /** The send error codes already reported since the last send that worked: one problem per kind, not per query. */
  reported: Set<string>;
}

type SendCallback = (err?: (Error & { code?: string }) | null) => void;

interface MdnsSocket {
  on(event: 'error' | 'warning', listener: (err: Error & { code?: string }) => void): void;
  emit(event: string | symbol, ...args: unknown[]): boolean;
  send(value: unknown, rinfo?: unknown, cb?: unknown): void;
}

/** Makes one interface's mDNS instance; tests hand in a fake so no real network (or other simulator) takes part. */
export type MakeBonjour = (options: { interface: string; bind: string }, onError: (err: Error & { code?: string }) => void) => Bonjour;

// Loaded when discovery first starts, not with the core: a CLI command that never browses skips its load time.
async function realBonjour(): Promise<MakeBonjour> {
  const { Bonjour: Library } = await import('bonjour-service');
  return (options, onError) =>
    // bonjour-service types its options as a ServiceConfig, but hands them to multicast-dns.
    new Library(options as unknown as ConstructorParameters<typeof Bonjour>[0], onError);
}

/** Codes after which the socket still works: report them, keep the lane. */
const TRANSIENT = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ENETDOWN', 'EPERM', 'EACCES', 'ENOBUFS']);

export class MdnsDiscovery {
  private lanes: Lane[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly rejectedSeen = new Set<string>();
  private closed = false;
  private starting: Promise<void> = Promise.resolve();
  private quietTimer: NodeJS.Timeout | null = null;
  /** Any mDNS answer for our service, good or not: proof that answers get through. */
  private heardAny = false;
  private toldQuiet = false;

  constructor(
    private readonly events: MdnsEvents,
    private readonly logger: CoreLogger,
    private readonly requeryMs = REQUERY_MS,
    private readonly platform: NodeJS.Platform = process.platform,
    private readonly quietMs = WINDOWS_QUIET_MS,
    private makeBonjour?: MakeBonjour,
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
      const make = (this.makeBonjour ??= await realBonjour());
      if (this.closed) return;
      for (const address of addresses) this.open(address, make);
      this.timer = setInterval(() => this.rescan(), this.requeryMs);
      this.watchForSilence();
    });
    // start()'s caller gets the failure from `run`; this chain only orders the restarts.
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
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    const lanes = this.lanes;
    this.lanes = [];
    await Promise.all(lanes.map((lane) => this.destroy(lane)));
  }

  private open(address: string, make: MakeBonjour): void {
    let lane: Lane;
    try {
      const bonjour = make({ interface: address, bind: '0.0.0.0' }, (err) => this.report(lane, err));
      lane = { address, bonjour, browser: null, failed: false, reported: new Set() };
    } catch (err) {
      const fault = err as Error & { code?: string };
      this.events.problem(address, describeMdnsFault(address, { message: fault.message, ...(fault.code ? { code: fault.code } : {}) }, this.platform));
      return;
    }
    const socket = (lane.bonjour as unknown as { server: { mdns: MdnsSocket } }).server.mdns;
    // multicast-dns emits 'error' (bind failures) with nobody listening, which would throw.
    socket.on('error', (err) => this.fail(lane, err));
    socket.on('warning', (err) => {
      // Membership and socket faults matter; a malformed packet from the network does not.
      if (err.code && /^E[A-Z]/.test(err.code)) {
        if (TRANSIENT.has(err.code)) this.report(lane, err);
        else this.fail(lane, err);
      } else this.logger.info('mDNS packet ignored', { interface: address, reason: err.message.slice(0, 120) });
    });
    this.watchSends(lane, socket);
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
      this.fail(lane, err as SocketFault);
    }
  }

  private watchForSilence(): void {
    // One timer at a time, whoever calls: a second would tell the technician twice or outlive stop().
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    if (this.platform !== 'win32' || this.toldQuiet || this.heardAny || !this.lanes.some((l) => !l.failed)) return;
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      if (this.heardAny || this.toldQuiet || this.closed) return;
      this.toldQuiet = true;
      this.events.problem('', WINDOWS_QUIET_MESSAGE);
    }, this.quietMs);
    this.quietTimer.unref?.();
  }

  private seen(lane: Lane, service: unknown): void {
    this.heardAny = true;
    const browser = lane.browser;
    if (browser && ((browser as unknown as { services?: unknown[] }).services?.length ?? 0) > MAX_BROWSER_SERVICES) {
      // Not from inside the browser's own event: replaced right after it.
      setImmediate(() => {
        if (lane.browser === browser && !this.closed) this.browse(lane);
      });
    }
    const result = serviceToObservation(service);
    if (result.ok) {
      this.events.observed(result.observation);
      return;
    }
    // Report each kind of bad record once per interface, not on every re-query.
    // Per sender too: a second device with the same fault is named as well (the cap below bounds a flood).
    const key = `${lane.address} ${result.from ?? '-'} ${result.reason}`;
    if (!this.rejectedSeen.has(key) && this.rejectedSeen.size < 200) {
      this.rejectedSeen.add(key);
      // The sender and the name the record gave, so a technician can find the device that sends it.
      this.logger.warn(`mDNS answer ignored (${result.reason}); it does not describe a usable edge host`, {
        interface: lane.address,
        from: result.from ?? 'unknown',
        name: result.name ?? '(none)',
      });
    }
  }

  /** Wraps the lane's `send` so a failed query or answer is reported instead of vanishing into an empty callback. */
  private watchSends(lane: Lane, socket: MdnsSocket): void {
    const send = socket.send.bind(socket);
    socket.send = (value: unknown, rinfo?: unknown, cb?: unknown) => {
      // multicast-dns's own signature: send(value, cb) or send(value, rinfo, cb).
      const [target, done] = typeof rinfo === 'function' ? [null, rinfo as SendCallback] : [rinfo ?? null, cb as SendCallback | undefined];
      send(value, target, (err?: (Error & { code?: string }) | null) => {
        if (err) this.report(lane, err);
        else lane.reported.clear();
        done?.(err);
      });
    };
  }

  /** A fault the lane survives: shown once per kind until a send works again. */
  private report(lane: Lane | undefined, err: SocketFault): void {
    if (!lane || lane.failed || this.closed) return;
    const kind = err.code ?? err.message.slice(0, 80);
    if (lane.reported.has(kind)) return;
    lane.reported.add(kind);
    this.logger.warn('mDNS socket error', { interface: lane.address, code: err.code ?? null, error: err.message.slice(0, 200) });
    this.events.problem(lane.address, describeMdnsFault(lane.address, err, this.platform));
  }

  /** A fault the lane does not survive (its socket could not bind): shown, and the lane is closed. */
  private fail(lane: Lane | undefined, err: SocketFault): void {
    if (!lane || lane.failed) return;
    lane.failed = true;
    const words = describeMdnsFault(lane.address, err, this.platform);
    this.events.problem(lane.address, `mDNS on ${lane.address} stopped. ${words} Other interfaces keep working.`);
    // destroy() never rejects: a socket that cannot close cleanly is gone all the same.
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
