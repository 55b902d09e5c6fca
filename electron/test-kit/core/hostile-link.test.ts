// The hostile link relays bytes unchanged, delays them, holds them while stalled, and breaks connections on demand.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHostileLink, type HostileLink } from './hostile-link';
import { waitFor } from './wait';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

/** An echo server that counts the connections it got. */
async function echoServer(): Promise<{ port: number; accepted: () => number }> {
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    s.pipe(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
  return { port: (server.address() as net.AddressInfo).port, accepted: () => accepted };
}

async function relay(target: number, shape = {}): Promise<HostileLink> {
  const link = await startHostileLink({ port: target }, shape);
  open.push(link);
  return link;
}

/** A client socket that collects what it reads and how it ended. */
async function client(link: HostileLink): Promise<{ socket: net.Socket; received: () => string; ended: Promise<string> }> {
  const socket = net.connect(link.port, '127.0.0.1');
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString()));
  const ended = new Promise<string>((resolve) => {
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    socket.on('close', () => resolve('closed'));
  });
  open.push({ close: async () => void socket.destroy() });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, received: () => text, ended };
}

describe('hostile link', () => {
  it('relays both ways, in order, and counts the bytes', async () => {
    const echo = await echoServer();
    const link = await relay(echo.port);
    const c = await client(link);
    const message = Array.from({ length: 2000 }, (_, i) => `line ${i}\n`).join('');
    c.socket.write(message);
    await waitFor(() => c.received().length === message.length, { what: 'echo' });
    expect(c.received()).toBe(message);
    expect(link.delivered()).toEqual({ up: message.length, down: message.length });
  });

  it('delays each direction', async () => {
    const echo = await echoServer();
    const link = await relay(echo.port, { delayUpMs: 150, delayDownMs: 100 });
    const c = await client(link);
    const started = Date.now();
    c.socket.write('ping');
    await waitFor(() => c.received() === 'ping', { what: 'echo', intervalMs: 5 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('caps the bandwidth', async () => {
    const echo = await echoServer();
    const link = await relay(echo.port, { bytesPerSec: 200_000 });
    const c = await client(link);
    const started = Date.now();
    c.socket.write(Buffer.alloc(100_000, 'x'));
    await waitFor(() => c.received().length === 100_000, { what: 'echo', intervalMs: 10 });
    // 100 kB each way at 200 kB/s, pipelined: about half a second, never much less.
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('stalls: holds what was sent, accepts new connections without reaching the host, delivers all on restore', async () => {
    const echo = await echoServer();
    const link = await relay(echo.port);
    const c = await client(link);
    c.socket.write('a');
    await waitFor(() => c.received() === 'a', { what: 'first echo' });
    link.stall();
    c.socket.write('b');
    const late = await client(link); // accepted by the relay...
    late.socket.write('c');
    await new Promise((r) => setTimeout(r, 300));
    expect(c.received()).toBe('a');
    expect(echo.accepted()).toBe(1); // ...but it never reached the host
    await link.restore();
    await waitFor(() => c.received() === 'ab' && late.received() === 'c', { what: 'held bytes delivered' });
    expect(echo.accepted()).toBe(2);
  });

  it('cuts open connections with a reset, and refuses new ones until restored', async () => {
    const echo = await echoServer();
    const link = await relay(echo.port);
    const c = await client(link);
    c.socket.write('x');
    await waitFor(() => c.received() === 'x', { what: 'echo' });
    link.cut();
    expect(await c.ended).toBe('ECONNRESET');
    await link.refuse();
    const refused = await new Promise<string>((resolve) => {
      const s = net.connect(link.port, '127.0.0.1');
      s.on('connect', () => resolve('connected'));
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
    await link.restore();
    const again = await client(link);
    again.socket.write('y');
    await waitFor(() => again.received() === 'y', { what: 'echo after restore' });
  });
});
