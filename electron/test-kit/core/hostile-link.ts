// A hostile network link in userspace (this machine's kernel has no netem): a TCP relay on 127.0.0.1 in front of
// one host port. The core is pointed at the relay's port; the relay forwards every connection to the host and can
// be made slow or broken while tests run:
//
// - shape({ delayUpMs, delayDownMs, bytesPerSec }): one-way delay per direction, applied to every chunk in order,
//   and a bandwidth cap per direction (a slow, distant link);
// - stall(): nothing moves any more, both ways, on open connections; new connections are accepted (the kernel
//   does that) but never reach the host. Like a pulled cable: no RST, no FIN, the peers just hear nothing. What
//   was sent meanwhile (bytes, closes) is held and delivered by restore(), as TCP retransmission would;
// - cut(): resets every open connection, both ends (a router reboot, a NAT that forgot the flows);
// - refuse(): new connections are reset (nothing listens: ECONNREFUSED); open ones go on;
// - restore(): undoes stall() and refuse() (the shape stays, see shape()).
//
// Everything is delivered in order per direction: a chunk waits for its delay, then for its share of the
// bandwidth, behind the chunks before it. A direction that holds too much stops reading its source (back-pressure),
// so a stalled upload fills the sender's socket buffers and stops, as on a real link.
import net from 'node:net';

export interface LinkShape {
  /** Client to host, per chunk. */
  delayUpMs: number;
  /** Host to client, per chunk. */
  delayDownMs: number;
  /** Per direction; 0 = no cap. */
  bytesPerSec: number;
}

export interface HostileLink {
  /** Always 127.0.0.1. */
  address: string;
  port: number;
  /** "127.0.0.1:PORT", what a technician types to add the host. */
  endpoint: string;
  shape(change: Partial<LinkShape>): void;
  stall(): void;
  /** Answers how many connections it reset. */
  cut(): number;
  refuse(): Promise<void>;
  restore(): Promise<void>;
  /** Connections open through the relay now (parked ones included). */
  openConnections(): number;
  /** Bytes delivered to the host and to the client so far. */
  delivered(): { up: number; down: number };
  /** Bytes read from one side and held for the other now (delay, bandwidth, stall). */
  pending(): { up: number; down: number };
  close(): Promise<void>;
}

/** Above this many bytes waiting in one direction, its source is paused. */
const HIGH_WATER = 256 * 1024;
/** The bandwidth cap is applied per piece of this size, so a large chunk trickles rather than leaps. */
const PIECE = 16 * 1024;

type Item = { data: Buffer; due: number } | { end: 'fin' | 'reset'; due: number };

/** One direction of one connection: a queue delivered in order, paced by delay and bandwidth. */
class Lane {
  private readonly queue: Item[] = [];
  queued = 0;
  private pumping = false;
  private lastDue = 0;
  private target: net.Socket | null = null;
  done = false;

  constructor(
    private readonly link: Relay,
    private readonly source: net.Socket,
    private readonly delay: () => number,
    private readonly count: (n: number) => void,
  ) {}

  attach(target: net.Socket): void {
    this.target = target;
    this.pump();
  }

  push(item: { data: Buffer } | { end: 'fin' | 'reset' }): void {
    // Order kept even when the delay shrinks meanwhile.
    const due = Math.max(Date.now() + this.delay(), this.lastDue);
    this.lastDue = due;
    this.queue.push({ ...item, due });
    if ('data' in item) {
      this.queued += item.data.length;
      if (this.queued > HIGH_WATER) this.source.pause();
    }
    this.pump();
  }

  clear(): void {
    this.queue.length = 0;
    this.queued = 0;
    this.done = true;
  }

  pump(): void {
    if (this.pumping || this.done) return;
    this.pumping = true;
    void this.drain().finally(() => (this.pumping = false)); // reason: drain() never rejects
  }

  private async drain(): Promise<void> {
    while (!this.done && this.target && !this.link.stalled && this.queue.length > 0) {
      const head = this.queue[0]!;
      const wait = head.due - Date.now();
      if (wait > 0) {
        await sleep(wait);
        continue;
      }
      if ('end' in head) {
        this.queue.shift();
        this.done = true;
        if (head.end === 'reset') destroyHard(this.target);
        else this.target.end();
        return;
      }
      const bps = this.link.current.bytesPerSec;
      const piece = bps > 0 ? head.data.subarray(0, PIECE) : head.data;
      if (piece.length === head.data.length) this.queue.shift();
      else head.data = head.data.subarray(piece.length);
      this.queued -= piece.length;
      if (this.queued <= HIGH_WATER && !this.source.destroyed) this.source.resume();
      const flushed = this.target.write(piece);
      this.count(piece.length);
      if (bps > 0) await sleep((piece.length / bps) * 1000);
      if (!flushed && !this.target.destroyed) await new Promise<void>((resolve) => this.target!.once('drain', resolve).once('close', resolve));
    }
  }
}

class Connection {
  readonly up: Lane;
  /** Host to client: exists once the connection reached the host. */
  down: Lane | null = null;
  upstream: net.Socket | null = null;

  constructor(
    private readonly relay: Relay,
    readonly client: net.Socket,
  ) {
    this.up = new Lane(
      relay,
      client,
      () => relay.current.delayUpMs,
      (n) => (relay.bytesUp += n),
    );
    client.on('data', (data: Buffer) => this.up.push({ data }));
    client.on('end', () => this.up.push({ end: 'fin' }));
    client.on('error', () => this.up.push({ end: 'reset' }));
    client.on('close', () => this.settle());
  }

  /** Connects to the host (at once, or when a stall ends). */
  connect(): void {
    if (this.upstream) return;
    // A client that gave up while the link was stalled never reached the host (its SYN was lost on the way).
    if (this.client.destroyed) return this.settle();
    const { relay } = this;
    const upstream = net.connect({ host: relay.target.host, port: relay.target.port, allowHalfOpen: true });
    upstream.setNoDelay(true);
    this.upstream = upstream;
    const down = (this.down = new Lane(
      relay,
      upstream,
      () => relay.current.delayDownMs,
      (n) => (relay.bytesDown += n),
    ));
    down.attach(this.client);
    upstream.on('data', (data: Buffer) => down.push({ data }));
    upstream.on('end', () => down.push({ end: 'fin' }));
    upstream.on('error', () => down.push({ end: 'reset' }));
    upstream.on('close', () => this.settle());
    upstream.once('connect', () => this.up.attach(upstream));
  }

  reset(): void {
    this.up.clear();
    this.down?.clear();
    destroyHard(this.client);
    if (this.upstream) destroyHard(this.upstream);
    this.settle();
  }

  pump(): void {
    this.up.pump();
    this.down?.pump();
  }

  private settle(): void {
    if (this.client.destroyed && (!this.upstream || this.upstream.destroyed)) this.relay.connections.delete(this);
  }
}

/** A TCP reset (RST) where the socket is connected, a plain destroy otherwise. */
function destroyHard(socket: net.Socket): void {
  if (socket.destroyed) return;
  if (socket.connecting) socket.destroy();
  else socket.resetAndDestroy();
}

class Relay implements HostileLink {
  readonly address = '127.0.0.1';
  port = 0;
  current: LinkShape = { delayUpMs: 0, delayDownMs: 0, bytesPerSec: 0 };
  stalled = false;
  bytesUp = 0;
  bytesDown = 0;
  readonly connections = new Set<Connection>();
  private server: net.Server | null = null;

  constructor(readonly target: { host: string; port: number }) {}

  get endpoint(): string {
    return `${this.address}:${this.port}`;
  }

  async listen(port: number): Promise<void> {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: false }, (client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.address, () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
  }

  private accept(client: net.Socket): void {
    client.setNoDelay(true);
    const conn = new Connection(this, client);
    this.connections.add(conn);
    if (!this.stalled) conn.connect();
  }

  shape(change: Partial<LinkShape>): void {
    this.current = { ...this.current, ...change };
  }

  stall(): void {
    this.stalled = true;
  }

  cut(): number {
    const all = [...this.connections];
    for (const conn of all) conn.reset();
    return all.length;
  }

  async refuse(): Promise<void> {
    // Nothing listening: the kernel answers a new connection with a reset (ECONNREFUSED); open ones are untouched.
    const server = this.server;
    this.server = null;
    server?.close();
  }

  async restore(): Promise<void> {
    this.stalled = false;
    if (!this.server) await this.listen(this.port);
    for (const conn of this.connections) {
      conn.connect();
      conn.pump();
    }
  }

  openConnections(): number {
    return this.connections.size;
  }

  delivered(): { up: number; down: number } {
    return { up: this.bytesUp, down: this.bytesDown };
  }

  pending(): { up: number; down: number } {
    let up = 0;
    let down = 0;
    for (const conn of this.connections) {
      up += conn.up.queued;
      down += conn.down?.queued ?? 0;
    }
    return { up, down };
  }

  async close(): Promise<void> {
    this.stalled = false;
    this.cut();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A relay on 127.0.0.1 (a free port unless `port`) forwarding to `target`, shaped by `shape` from the start. */
export async function startHostileLink(target: { host?: string; port: number }, shape: Partial<LinkShape> = {}, port = 0): Promise<HostileLink> {
  const relay = new Relay({ host: target.host ?? '127.0.0.1', port: target.port });
  relay.shape(shape);
  await relay.listen(port);
  return relay;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
