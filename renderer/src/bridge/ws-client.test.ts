// @vitest-environment node
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { commandNames, type ConsoleApi } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { WS_PATH } from '../../../shared/ws-protocol';
import { createFakeCore, fakeHost, type FakeCore } from '../../../electron/test-kit/bridge/fake-core';
import { attachWsBridge } from '../../../electron/bridge/ws-server';
import type { ConnectionState } from './connection-state';
import { createConsoleBridge, MISSING_SECRET_PROBLEM, type BridgeWindow } from './index';
import { BAD_SECRET_PROBLEM, createWsClient, type WebSocketConstructor, type WsClient } from './ws-client';

const SECRET = 'client-test-secret';
const WS = WebSocket as unknown as WebSocketConstructor;

let app: FastifyInstance;
let core: FakeCore;
let port: number;
const clients: { close(): void }[] = [];

beforeEach(async () => {
  core = createFakeCore();
  app = Fastify({ logger: false });
  await attachWsBridge(app, core, { secret: SECRET });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await app.close();
});

function client(options: { secret?: string; requestTimeoutMs?: number } = {}): WsClient {
  const made = createWsClient({
    url: `ws://127.0.0.1:${port}${WS_PATH}`,
    secret: options.secret ?? SECRET,
    WebSocket: WS,
    backoff: { initialMs: 20, maxMs: 100 },
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
  clients.push(made);
  return made;
}

/** Resolves when the connection reaches `state`, recording every state seen on the way. */
function reach(made: { connection: WsClient['connection'] }, state: ConnectionState, seen: ConnectionState[] = []): Promise<ConnectionState[]> {
  return new Promise((resolve) => {
    const stop = made.connection.subscribe((status) => {
      seen.push(status.state);
      if (status.state === state) {
        queueMicrotask(() => stop());
        resolve(seen);
      }
    });
  });
}

async function rejection(promise: Promise<unknown>): Promise<ConsoleError> {
  const err = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConsoleError);
  return err as ConsoleError;
}

function dropServerSockets(): void {
  for (const socket of app.websocketServer.clients) socket.terminate();
}

describe('ws client', () => {
  it('has one function per contract command, plus on', () => {
    const { api } = client();
    for (const name of commandNames) expect(typeof api[name]).toBe('function');
    expect(typeof api.on).toBe('function');
  });

  it('answers calls with the data and rethrows failures as ConsoleError with their code', async () => {
    const { api } = client();
    expect(await api['app.info']({})).toMatchObject({ version: '0.0.0-test' });
    expect(await api['hosts.get']({ host: 'alpha' })).toMatchObject({ id: 'edge-1' });
    const missing = await rejection(api['hosts.get']({ host: 'ghost' }));
    expect(missing).toMatchObject({ code: 'not-found', hostId: 'ghost', message: 'No host "ghost" is known.' });
    const invalid = await rejection(api['hosts.get']({ host: 42 as unknown as string }));
    expect(invalid.code).toBe('invalid-input');
    expect(await api['tasks.clearFinished']({})).toBeNull();
  });

  it('delivers events to listeners until they unsubscribe', async () => {
    const made = client();
    await reach(made, 'connected');
    const seen: string[] = [];
    const stop = made.api.on('hosts.changed', (payload) => seen.push(...payload.upserted.map((h) => h.id)));
    core.emit('hosts.changed', { upserted: [fakeHost('edge-7')], removed: [] });
    await expect.poll(() => seen).toEqual(['edge-7']);
    stop();
    core.emit('hosts.changed', { upserted: [fakeHost('edge-8')], removed: [] });
    // A call after the event proves the event frame has already been through the client.
    await made.api['app.info']({});
    expect(seen).toEqual(['edge-7']);
  });

  it('reconnects after a drop, failing the call in flight and sending the ones made meanwhile', async () => {
    const made = client();
    await reach(made, 'connected');
    const inFlight = made.api['hosts.refresh']({ hostId: 'edge-slow' });
    await expect.poll(() => core.calls.get('hosts.refresh')?.length ?? 0).toBe(1);
    const states: ConnectionState[] = [];
    const reconnected = new Promise<void>((resolve) => {
      made.connection.subscribe(({ state }) => {
        states.push(state);
        if (state === 'connected' && states.includes('connecting')) resolve();
      });
    });
    dropServerSockets();
    const lost = await rejection(inFlight);
    expect(lost.code).toBe('unreachable');
    const meanwhile = made.api['app.info']({});
    await reconnected;
    expect(states).toEqual(['connected', 'connecting', 'connected']);
    expect(await meanwhile).toMatchObject({ version: '0.0.0-test' });
  });

  it('gives up with a clear problem when the secret is wrong', async () => {
    const made = client({ secret: 'not-the-secret' });
    const call = made.api['app.info']({});
    await reach(made, 'disconnected');
    expect(made.connection.get().problem).toBe(BAD_SECRET_PROBLEM);
    expect((await rejection(call)).code).toBe('unreachable');
    expect(core.calls.size).toBe(0);
  });

  it('fails a call that gets no answer in time', async () => {
    const { api } = client({ requestTimeoutMs: 50 });
    expect((await rejection(api['hosts.refresh']({ hostId: 'edge-slow' }))).code).toBe('timeout');
  });

  it('refuses an oversized request locally and keeps the connection', async () => {
    const made = client();
    await reach(made, 'connected');
    const tooBig = await rejection(made.api['uploads.check']({ paths: ['x'.repeat(1024 * 1024)] }));
    expect(tooBig.code).toBe('invalid-input');
    expect(made.connection.get().state).toBe('connected');
  });

  it('fails calls after close()', async () => {
    const made = client();
    await reach(made, 'connected');
    made.close();
    expect(made.connection.get().state).toBe('disconnected');
    expect((await rejection(made.api['app.info']({}))).code).toBe('unreachable');
  });
});

describe('createConsoleBridge', () => {
  function pageWindow(hash: string, storage = new Map<string, string>()) {
    const replaced: string[] = [];
    const win: BridgeWindow = {
      location: { protocol: 'http:', host: `127.0.0.1:${port}`, pathname: '/', search: '', hash },
      history: { replaceState: (_data, _unused, url) => replaced.push(String(url)) },
      sessionStorage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => void storage.set(key, value) },
    };
    return { win, replaced, storage };
  }

  it("uses the preload's object when Electron provides one, calling its frozen functions", async () => {
    const preload: Record<string, unknown> = { on: () => () => {} };
    for (const name of commandNames) preload[name] = async () => `answered ${name}`;
    const { win } = pageWindow('');
    const bridge = createConsoleBridge({ ...win, fieldlink: Object.freeze(preload) as unknown as ConsoleApi }, WS);
    // A new object (it rebuilds ConsoleErrors, see electron-errors.test.ts) that forwards to the preload's.
    await expect(bridge.api['hosts.list']({})).resolves.toBe('answered hosts.list');
    expect(bridge.kind).toBe('electron');
    expect(bridge.connection.get().state).toBe('connected');
  });

  it('connects to the page origin with the secret from the fragment, then removes the fragment', async () => {
    const { win, replaced, storage } = pageWindow(`#secret=${SECRET}`);
    const bridge = createConsoleBridge(win, WS);
    clients.push(bridge);
    expect(replaced).toEqual(['/']);
    expect(await bridge.api['app.info']({})).toMatchObject({ version: '0.0.0-test' });
    // A reload of the same tab (no fragment any more) still finds the secret.
    const reload = pageWindow('', storage);
    const again = createConsoleBridge(reload.win, WS);
    clients.push(again);
    expect(await again.api['hosts.list']({})).toHaveLength(2);
    expect(reload.replaced).toEqual([]);
  });

  it('explains a missing secret instead of connecting', async () => {
    const { win } = pageWindow('');
    const bridge = createConsoleBridge(win, WS);
    expect(bridge.connection.get()).toEqual({ state: 'disconnected', problem: MISSING_SECRET_PROBLEM });
    expect((await rejection(bridge.api['app.info']({}))).code).toBe('unreachable');
    expect(app.websocketServer.clients.size).toBe(0);
  });
});
