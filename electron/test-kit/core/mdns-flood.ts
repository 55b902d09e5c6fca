// A hostile announcer on the loopback link: `count` made-up edge hosts in mDNS answers (PTR, SRV, TXT with a valid
// id, A), packed many to a packet, as fast as the socket takes them. Each points at 127.x.y.z:5080, where nothing
// listens. Used by the registry-flood test and scripts/bench-hostile.ts.
import { randomBytes } from 'node:crypto';
import { Bonjour } from 'bonjour-service';

const TYPE = '_palette-edge._tcp.local';
const PER_PACKET = 20;

interface Responder {
  mdns: { respond(packet: { answers: unknown[] }, cb: (err?: Error | null) => void): void; on(e: string, l: (err: Error) => void): void };
}

export interface Flood {
  /** Sends the records once (again); resolves when every packet went out. */
  announce(): Promise<void>;
  addresses: string[];
  close(): Promise<void>;
}

function records(i: number, address: string): unknown[] {
  const label = `flood-${i}`;
  const fqdn = `${label}.${TYPE}`;
  const target = `${label}.local`;
  return [
    { name: TYPE, type: 'PTR', ttl: 4500, data: fqdn },
    { name: fqdn, type: 'SRV', ttl: 120, data: { port: 5080, target, priority: 0, weight: 0 } },
    { name: fqdn, type: 'TXT', ttl: 4500, data: [`id=edge-${randomBytes(16).toString('hex')}`, `name=${label}`, 'mode=appliance'] },
    { name: target, type: 'A', ttl: 120, data: address },
  ];
}

export function startFlood(count: number): Flood {
  const bonjour = new Bonjour({ interface: '127.0.0.1', bind: '0.0.0.0' } as unknown as ConstructorParameters<typeof Bonjour>[0], () => undefined);
  const responder = (bonjour as unknown as { server: Responder }).server;
  responder.mdns.on('error', () => undefined);
  responder.mdns.on('warning', () => undefined);
  const addresses = Array.from({ length: count }, (_, i) => `127.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255 || 1}`);
  const packets: unknown[][] = [];
  for (let i = 0; i < count; i += PER_PACKET) {
    packets.push(addresses.slice(i, i + PER_PACKET).flatMap((address, j) => records(i + j, address)));
  }
  return {
    addresses,
    announce: async () => {
      for (const answers of packets) await new Promise<void>((resolve) => responder.mdns.respond({ answers }, () => resolve()));
    },
    close: () => new Promise<void>((resolve) => bonjour.destroy(() => resolve())),
  };
}
