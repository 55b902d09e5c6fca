// The console finds hosts by mDNS among other ways; this announces simulated hosts with one shared responder per
// interface, and can fall silent for one host the way a crashed host does.
import { isIPv4 } from 'node:net';
import { Bonjour, Service } from 'bonjour-service';
import { MDNS_SERVICE_TYPE } from '../shared/local-api/types';

export interface AnnouncedHost {
  id: string;
  name: string;
  address: string;
  port: number;
  txt: { id: string; ver: string; mode: string };
}

interface ServiceRecord {
  name: string;
  type: 'PTR' | 'SRV' | 'TXT' | 'A' | 'AAAA';
  ttl: number;
  data: unknown;
}

/**
 * The parts of bonjour-service's responder this module drives directly (they are private in its types). The
 * library's own publish/unpublish cannot stop answering for one host without a goodbye (a crash), and its
 * unregister drops the type's PTR records of every host at once; so records are kept here per host and the
 * responder's table is rebuilt from the live hosts whenever one comes or goes.
 */
interface ResponderInternals {
  registry: Record<string, ServiceRecord[]>;
  register(records: ServiceRecord[]): void;
  mdns: {
    respond(packet: { answers: ServiceRecord[] }, callback: (err?: Error | null) => void): void;
    on(event: 'error' | 'warning', listener: (err: Error) => void): void;
  };
}

/** RFC 6762 §8.3: announce at least twice, one second apart; queries are answered from the table after that. */
const REANNOUNCE_AFTER_MS = 1_000;

/**
 * A service whose address record is the host's own address. bonjour-service's default lists every non-loopback
 * interface of the machine, which would send a console to an address the simulated host does not listen on.
 */
class HostService extends Service {
  constructor(
    host: AnnouncedHost,
    private readonly address: string,
  ) {
    super(
      { name: host.name, type: MDNS_SERVICE_TYPE, port: host.port, host: `${host.name}.local`, txt: host.txt, probe: false, disableIPv6: true },
      () => undefined,
      () => undefined,
    );
  }

  override records(): ServiceRecord[] {
    const records = (super.records() as ServiceRecord[]).filter((r) => r.type !== 'A' && r.type !== 'AAAA');
    if (this.address && this.address !== '0.0.0.0' && this.address !== '::') {
      records.push({ name: this.host, type: isIPv4(this.address) ? 'A' : 'AAAA', ttl: 120, data: this.address });
    }
    return records;
  }
}

/**
 * One mDNS responder per interface for all the hosts of a process (a hundred hosts must stay cheap), bound as
 * bonjour-service's `{ interface, bind: '0.0.0.0' }` so that on 127.0.0.1 nothing leaves the loopback. Sites
 * share it through `acquireAnnouncer`; it closes when the last one releases it.
 */
export class MdnsAnnouncer {
  private readonly bonjour: Bonjour;
  private readonly responder: ResponderInternals;
  private readonly services = new Map<string, HostService>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly errorListeners = new Set<(err: Error) => void>();
  private users = 0;
  private closed = false;

  private constructor(readonly interfaceAddress: string) {
    // bonjour-service types its options as ServiceConfig, but passes them on to multicast-dns.
    const options = { interface: interfaceAddress, bind: '0.0.0.0' } as unknown as ConstructorParameters<typeof Bonjour>[0];
    this.bonjour = new Bonjour(options, (err: Error) => this.report(err));
    this.responder = (this.bonjour as unknown as { server: ResponderInternals }).server;
    // multicast-dns emits 'error' (bind failures) with nobody listening, which would throw: report it instead.
    this.responder.mdns.on('error', (err) => this.report(err));
    this.responder.mdns.on('warning', (err) => this.report(err));
  }

  /** The process's responder for an interface, created on first use. Pair with release(). */
  static acquire(interfaceAddress: string, onError: (err: Error) => void): MdnsAnnouncer {
    let announcer = responders.get(interfaceAddress);
    if (!announcer) {
      announcer = new MdnsAnnouncer(interfaceAddress);
      responders.set(interfaceAddress, announcer);
    }
    announcer.users++;
    announcer.errorListeners.add(onError);
    return announcer;
  }

  announce(host: AnnouncedHost): void {
    if (this.closed) return;
    this.silence(host.id);
    const service = new HostService(host, host.address);
    this.services.set(host.id, service);
    this.rebuildTable();
    const records = service.records();
    this.send(records);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.services.get(host.id) === service) this.send(records);
    }, REANNOUNCE_AFTER_MS);
    this.timers.add(timer);
  }

  /** Stops answering for a host without a goodbye: to the network it looks like a host that crashed. */
  silence(hostId: string): void {
    if (this.services.delete(hostId)) this.rebuildTable();
  }

  /** Goodbye (TTL 0) for the given hosts, if announced, and stops answering for them. */
  async goodbye(hostIds: string[]): Promise<void> {
    const leaving = hostIds.map((id) => this.services.get(id)).filter((s): s is HostService => !!s);
    for (const id of hostIds) this.services.delete(id);
    this.rebuildTable();
    await Promise.all(
      leaving.map((service) =>
        this.sendAndWait(
          service
            .records()
            .filter((r) => !isTypeEnumeration(r))
            .map((r) => ({ ...r, ttl: 0 })),
        ),
      ),
    );
  }

  /** One user fewer; the last one closes the socket. */
  async release(onError: (err: Error) => void): Promise<void> {
    this.errorListeners.delete(onError);
    if (--this.users > 0 || this.closed) return;
    this.closed = true;
    responders.delete(this.interfaceAddress);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.goodbye([...this.services.keys()]);
    await new Promise<void>((resolve) => this.bonjour.destroy(() => resolve()));
  }

  private report(err: Error): void {
    for (const listener of this.errorListeners) listener(err);
  }

  private rebuildTable(): void {
    this.responder.registry = {};
    for (const service of this.services.values()) this.responder.register(service.records());
  }

  private send(records: ServiceRecord[]): void {
    this.responder.mdns.respond({ answers: records }, (err) => {
      if (err) this.report(err);
    });
  }

  private sendAndWait(records: ServiceRecord[]): Promise<void> {
    return new Promise((resolve) =>
      this.responder.mdns.respond({ answers: records }, (err) => {
        if (err) this.report(err);
        resolve();
      }),
    );
  }
}

const responders = new Map<string, MdnsAnnouncer>();

/** `_services._dns-sd._udp` names the service type, shared by all hosts: a goodbye for one host must not drop it. */
function isTypeEnumeration(record: ServiceRecord): boolean {
  return record.name.startsWith('_services._dns-sd.');
}
