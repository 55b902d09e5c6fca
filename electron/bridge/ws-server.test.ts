import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { desktopOnlyMessages } from '../../shared/contract';
import { createFakeCore, fakeHost, type FakeCore } from '../test-kit/bridge/fake-core';
import { CLOSE_BAD_SECRET, CLOSE_TOO_BIG, MAX_MESSAGE_BYTES, SECRET_PROTOCOL_PREFIX, SUBPROTOCOL, WS_PATH } from '../../shared/ws-protocol';
import { attachWsBridge, type BridgeLogger } from './ws-server';

const SECRET = 'test-secret-0123456789';

let app: FastifyInstance;
let core: FakeCore;
let port: number;
let logged: { level: string; message: string; err?: unknown }[];
const open: WebSocket[] = [];

beforeEach(async () => {
  core = createFakeCore();
  logged = [];
  const logger: BridgeLogger = {
    warn: (message) => logged.push({ level: 'warn', message }),
    error: (message, err) => logged.push({ level: 'error', message, err }),
  };
  app = Fastify({ logger: false });
  await attachWsBridge(app, core, { secret: SECRET, logger });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});

afterEach(async () => {
  for (const socket of open.splice(0)) if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
  await app.close();
});

function connect(options: { secret?: string | null; headers?: Record<string, string> } = {}): WebSocket {
  const secret = options.secret === undefined ? SECRET : options.secret;
  const protocols = secret === null ? [SUBPROTOCOL] : [SUBPROTOCOL, SECRET_PROTOCOL_PREFIX + secret];
  const socket = new WebSocket(`ws://127.0.0.1:${port}${WS_PATH}`, protocols, { headers: options.headers });
  // Refused or cut connections report an error too; each test asserts on the event it expects instead.
  socket.on('error', () => {});
  open.push(socket);
  return socket;
}

function opened(socket: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

function refusedStatus(socket: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('open', () => reject(new Error('the connection was accepted')));
  });
}

/** Collects every frame a socket receives, parsed. */
function frames(socket: WebSocket): unknown[] {
  const seen: unknown[] = [];
  socket.on('message', (data) => seen.push(JSON.parse(data.toString())));
  return seen;
}

async function until<T>(read: () => T | undefined, ms = 2000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function ask(socket: WebSocket, frame: unknown): Promise<any> {
  const id = (frame as { id?: unknown }).id ?? null;
  const seen = frames(socket);
  socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  return until(() => seen.find((f) => (f as { id?: unknown }).id === id));
}

describe('ws bridge', () => {
  it('answers a command with the dispatch envelope and selects only the public subprotocol', async () => {
    const socket = connect();
    await opened(socket);
    expect(socket.protocol).toBe(SUBPROTOCOL);
    const answer = await ask(socket, { id: 1, command: 'app.info', input: {} });
    expect(answer).toEqual({ id: 1, envelope: { ok: true, data: expect.objectContaining({ version: '0.0.0-test' }) } });
    const voidAnswer = await ask(socket, { id: 'b', command: 'tasks.clearFinished' });
    expect(voidAnswer).toEqual({ id: 'b', envelope: { ok: true, data: null } });
  });

  it('keeps an error code and host id from the core', async () => {
    const socket = connect();
    await opened(socket);
    const answer = await ask(socket, { id: 7, command: 'hosts.get', input: { host: 'nowhere' } });
    expect(answer.envelope).toEqual({ ok: false, error: { code: 'not-found', message: 'No host "nowhere" is known.', hostId: 'nowhere' } });
  });

  it('answers a desktop-only command as unsupported, saying what to do in a browser instead', async () => {
    const socket = connect();
    await opened(socket);
    const answer = await ask(socket, { id: 'pdf', command: 'report.savePdf', input: {} });
    expect(answer.envelope).toEqual({ ok: false, error: { code: 'unsupported', message: desktopOnlyMessages['report.savePdf'] } });
    expect(answer.envelope.error.message).toContain('Export report (HTML)');
  });

  it('delivers every contract event to every authenticated client', async () => {
    const a = connect();
    const b = connect();
    const outsider = connect({ secret: 'wrong' });
    await Promise.all([opened(a), opened(b)]);
    const seenA = frames(a);
    const seenB = frames(b);
    const seenOutsider = frames(outsider);
    const host = fakeHost('edge-9');
    core.emit('hosts.changed', { upserted: [host], removed: [] });
    core.emit('discovery.problem', { interface: '10.0.0.1', message: 'no route' });
    await until(() => (seenA.length === 2 && seenB.length === 2 ? true : undefined));
    expect(seenA).toEqual([
      { event: 'hosts.changed', payload: { upserted: [host], removed: [] } },
      { event: 'discovery.problem', payload: { interface: '10.0.0.1', message: 'no route' } },
    ]);
    expect(seenB).toEqual(seenA);
    expect(seenOutsider).toEqual([]);
  });

  it('closes a connection without a secret with the bad-secret code', async () => {
    const socket = connect({ secret: null });
    const { code, reason } = await closed(socket);
    expect(code).toBe(CLOSE_BAD_SECRET);
    expect(reason).toMatch(/secret/);
    expect(core.calls.size).toBe(0);
  });

  it('closes a connection with a wrong secret and never runs its commands', async () => {
    const socket = connect({ secret: SECRET + 'x' });
    socket.on('open', () => socket.send(JSON.stringify({ id: 1, command: 'app.info', input: {} })));
    expect((await closed(socket)).code).toBe(CLOSE_BAD_SECRET);
    expect(core.calls.size).toBe(0);
  });

  it('refuses a foreign Host header before the upgrade (DNS rebinding)', async () => {
    const socket = connect({ headers: { Host: `evil.example:${port}` } });
    expect(await refusedStatus(socket)).toBe(403);
    expect(logged.some((l) => l.level === 'warn' && /Host/.test(l.message))).toBe(true);
  });

  it('refuses a loopback Host on another port', async () => {
    const socket = connect({ headers: { Host: `127.0.0.1:${port + 1}` } });
    expect(await refusedStatus(socket)).toBe(403);
  });

  it('refuses a foreign Origin and accepts our own origins', async () => {
    expect(await refusedStatus(connect({ headers: { Origin: 'http://evil.example' } }))).toBe(403);
    expect(await refusedStatus(connect({ headers: { Origin: `http://127.0.0.1:${port + 1}` } }))).toBe(403);
    const local = connect({ headers: { Origin: `http://localhost:${port}`, Host: `localhost:${port}` } });
    await opened(local);
    expect((await ask(local, { id: 1, command: 'app.info', input: {} })).envelope.ok).toBe(true);
  });

  it('answers invalid JSON with an error envelope and keeps the connection', async () => {
    const socket = connect();
    await opened(socket);
    const answer = await ask(socket, '{ not json');
    expect(answer).toEqual({ id: null, envelope: { ok: false, error: { code: 'invalid-input', message: 'The message was not valid JSON.' } } });
    expect((await ask(socket, { id: 2, command: 'app.info', input: {} })).envelope.ok).toBe(true);
  });

  it('answers frames of the wrong shape, binary frames and missing ids with errors', async () => {
    const socket = connect();
    await opened(socket);
    expect((await ask(socket, '[1,2]')).envelope.error.code).toBe('invalid-input');
    expect((await ask(socket, { command: 'app.info' })).envelope.error.message).toMatch(/id/);
    expect((await ask(socket, { id: 3 })).envelope.error.message).toMatch(/command/);
    const seen = frames(socket);
    socket.send(Buffer.from('{"id":4,"command":"app.info"}'), { binary: true });
    const binaryAnswer = await until(() => seen[0] as any);
    expect(binaryAnswer.envelope.error.message).toMatch(/JSON text/);
    expect(core.calls.size).toBe(0);
  });

  it('closes on an oversized message and keeps serving other clients', async () => {
    const big = connect();
    const other = connect();
    await Promise.all([opened(big), opened(other)]);
    const bigClosed = closed(big);
    big.send(JSON.stringify({ id: 1, command: 'app.info', input: { pad: 'x'.repeat(MAX_MESSAGE_BYTES) } }));
    expect((await bigClosed).code).toBe(CLOSE_TOO_BIG);
    expect((await ask(other, { id: 2, command: 'app.info', input: {} })).envelope.ok).toBe(true);
    expect(core.calls.size).toBe(1);
  });

  it('rejects an unknown command without calling the core', async () => {
    const socket = connect();
    await opened(socket);
    const answer = await ask(socket, { id: 5, command: 'hosts.nuke', input: {} });
    expect(answer.envelope).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'Unknown command "hosts.nuke".' } });
    expect(core.calls.size).toBe(0);
  });

  it("rejects input that fails the contract's schema, including extra fields", async () => {
    const socket = connect();
    await opened(socket);
    const wrongType = await ask(socket, { id: 6, command: 'hosts.get', input: { host: 42 } });
    expect(wrongType.envelope.error.code).toBe('invalid-input');
    expect(wrongType.envelope.error.message).toMatch(/^The request was not valid \(host:/);
    const extra = await ask(socket, { id: 7, command: 'app.info', input: { sneaky: true } });
    expect(extra.envelope.error.code).toBe('invalid-input');
    const badIp = await ask(socket, { id: 8, command: 'settings.set', input: { mdnsInterfaces: ['not-an-ip'] } });
    expect(badIp.envelope.error.code).toBe('invalid-input');
    expect(core.calls.size).toBe(0);
  });

  it('hides unexpected errors from the client and logs them', async () => {
    const socket = connect();
    await opened(socket);
    const answer = await ask(socket, { id: 9, command: 'hosts.refresh', input: { hostId: 'edge-boom' } });
    expect(answer.envelope.error.code).toBe('internal');
    expect(JSON.stringify(answer)).not.toMatch(/internal detail/);
    expect(logged.find((l) => l.level === 'error')?.message).toMatch(/hosts\.refresh/);
  });

  it('stops listening to the core when the server closes', async () => {
    expect(core.listenerCount()).toBeGreaterThan(0);
    await app.close();
    expect(core.listenerCount()).toBe(0);
  });
});
