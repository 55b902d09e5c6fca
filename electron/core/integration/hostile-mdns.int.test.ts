// Hostile mDNS answers on the loopback link: oversized and markup names, wrong TXT types, ids that are not edge
// ids, broken ports, undecodable packets. They are ignored or cleaned, and discovery keeps working.
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { Bonjour } from 'bonjour-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { startTestSite, type Site } from '../../test-kit/core/sim';
import { waitFor } from '../../test-kit/core/wait';

interface Responder {
  mdns: { respond(packet: { answers: unknown[] }, cb: (err?: Error | null) => void): void; on(e: string, l: (err: Error) => void): void };
}

const TYPE = '_palette-edge._tcp.local';
// Ports no test listens on, unique to this run, so other files' announcements never match.
const base = 20_000 + Math.floor(Math.random() * 20_000);
const PORTS = { markup: base, long: base + 1, badId: base + 2, numericId: base + 3, noId: base + 4, portZero: base + 5, binary: base + 6 };
const validId = () => `edge-${randomBytes(16).toString('hex')}`;

function service(label: string, port: number, txt: (string | Buffer)[]): unknown[] {
  const fqdn = `${label}.${TYPE}`;
  const target = `h${port}.local`;
  return [
    { name: TYPE, type: 'PTR', ttl: 120, data: fqdn },
    { name: fqdn, type: 'SRV', ttl: 120, data: { port, target, priority: 0, weight: 0 } },
    { name: fqdn, type: 'TXT', ttl: 120, data: txt },
    { name: target, type: 'A', ttl: 120, data: '127.0.0.1' },
  ];
}

describe('hostile mDNS records', () => {
  let bonjour: Bonjour;
  let h: Harness;
  let site: Site;
  const markupId = validId();
  const longId = validId();

  beforeAll(async () => {
    h = await startHarness({ discovery: true, mdnsInterfaces: ['127.0.0.1'], mdnsRequeryMs: 1_000 });
    bonjour = new Bonjour({ interface: '127.0.0.1', bind: '0.0.0.0' } as unknown as ConstructorParameters<typeof Bonjour>[0], () => undefined);
    const responder = (bonjour as unknown as { server: Responder }).server;
    responder.mdns.on('error', () => undefined);
    responder.mdns.on('warning', () => undefined);
    const answers = [
      ...service('<script>alert(1)</script>', PORTS.markup, [`id=${markupId}`, 'name=<img src=x onerror=alert(1)>\u001b[31m']),
      ...service('L'.repeat(60), PORTS.long, [`id=${longId}`, `name=${'N'.repeat(240)}`]),
      ...service('bad-id', PORTS.badId, ['id=edge-not-hex-at-all', 'name=bad']),
      ...service('numeric-id', PORTS.numericId, ['id=12345']),
      ...service('no-id', PORTS.noId, ['mode=<b>', 'justakey', Buffer.from([0xff, 0xfe, 0x3d, 0x00])]),
      ...service('port-zero', PORTS.portZero, [`id=${validId()}`]),
      ...service('binary', PORTS.binary, [Buffer.from([0x69, 0x64, 0x3d, 0xc3, 0x28, 0xa0, 0xa1]), Buffer.alloc(200, 0x41)]),
    ].map((r) =>
      (r as { data: { port?: number } }).data?.port === PORTS.portZero ? { ...(r as object), data: { port: 0, target: 'z.local', priority: 0, weight: 0 } } : r,
    );
    const announce = () => new Promise<void>((resolve) => responder.mdns.respond({ answers }, () => resolve()));
    // Garbage that is not DNS at all.
    const raw = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((resolve) => raw.bind(0, '127.0.0.1', () => resolve()));
    raw.setMulticastInterface('127.0.0.1');
    await new Promise<void>((resolve) => raw.send(randomBytes(64), 5353, '224.0.0.251', () => resolve()));
    raw.close();
    await announce();
    await new Promise((r) => setTimeout(r, 300));
    await announce();
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => bonjour?.destroy(() => resolve()));
    await h?.close();
    await site?.stop();
  });

  it('keeps records with a valid id, with their names cleaned and bounded', async () => {
    const markup = await waitFor(async () => (await h.hosts()).find((v) => v.port === PORTS.markup), { what: 'markup record' });
    expect(markup.name).not.toMatch(/[<>\u001b]/);
    expect(markup.name).toContain('img src=x onerror=alert(1)');
    expect(markup.sources).toEqual(['mdns']);
    const long = await waitFor(async () => (await h.hosts()).find((v) => v.port === PORTS.long), { what: 'long record' });
    expect(long.name.length).toBeLessThanOrEqual(63);
    // A record without an id is kept by address; a TXT mode that is not a mode is dropped.
    const noId = await waitFor(async () => (await h.hosts()).find((v) => v.port === PORTS.noId), { what: 'record without id' });
    expect(noId.mode).toBeNull();
  });

  it('ignores records with a malformed id, an impossible port or undecodable TXT', async () => {
    await new Promise((r) => setTimeout(r, 1_200)); // a re-query has passed
    const ports = new Set((await h.hosts()).map((v) => v.port));
    for (const port of [PORTS.badId, PORTS.numericId, PORTS.portZero, PORTS.binary]) expect(ports.has(port), String(port)).toBe(false);
    expect(h.logs.some((l) => l.includes('mDNS answer ignored (TXT id is not an edge host id)') && l.includes('"from":"127.0.0.1"'))).toBe(true);
  });

  it('still discovers a real host afterwards', async () => {
    site = await startTestSite({ hosts: 1, mdnsInterface: '127.0.0.1' });
    const sim = site.hosts[0]!;
    await h.waitHost(sim.url, (v) => v.online && v.name === sim.name, 8_000, 'the simulated host');
  });
});
