import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWsClient, type WebSocketConstructor } from '../../renderer/src/bridge/ws-client';
import { startServe, type ServeHandle } from '../serve';
import { WS_PATH } from '../../shared/ws-protocol';
import { BUILD_HINT } from './static-site';
import { createFakeCore } from '../test-kit/bridge/fake-core';

let rendererDir: string;
const handles: ServeHandle[] = [];

beforeAll(() => {
  rendererDir = mkdtempSync(path.join(os.tmpdir(), 'fieldlink-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Fieldlink</title>');
  writeFileSync(path.join(rendererDir, 'app.js'), 'console.log(1)');
});
afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));
afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close();
});

async function serve(options: Parameters<typeof startServe>[0] = {}) {
  const core = createFakeCore();
  const handle = await startServe({ core, rendererDir, logger: { warn: () => {}, error: () => {} }, ...options });
  handles.push(handle);
  return { core, handle };
}

function get(port: number, pathname: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: pathname, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    request.on('error', reject);
  });
}

describe('startServe', () => {
  it('prints an address on 127.0.0.1 with the secret in the fragment', async () => {
    const { handle } = await serve();
    expect(handle.url).toBe(`http://127.0.0.1:${handle.port}/#secret=${handle.secret}`);
    expect(handle.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(handle.rendererBuilt).toBe(true);
    const other = await serve();
    expect(other.handle.secret).not.toBe(handle.secret);
  });

  it('serves the renderer with a strict CSP and no framing', async () => {
    const { handle } = await serve();
    const page = await get(handle.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Fieldlink</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${handle.port} ws://localhost:${handle.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await get(handle.port, '/app.js')).body).toBe('console.log(1)');
    expect((await get(handle.port, '/settings')).body).toContain('<title>Fieldlink</title>');
    expect((await get(handle.port, '/missing.js')).status).toBe(404);
    expect((await get(handle.port, '/favicon.ico')).status).toBe(204);
  });

  it('answers only requests addressed to loopback on its port', async () => {
    const { handle } = await serve();
    expect((await get(handle.port, '/', { host: `rebind.example:${handle.port}` })).status).toBe(403);
    expect((await get(handle.port, '/', { host: `localhost:${handle.port}` })).status).toBe(200);
    expect((await get(handle.port, WS_PATH, { host: 'evil.example' })).status).toBe(403);
  });

  it('says how to build the renderer when it is missing, and the bridge still works', async () => {
    const { handle } = await serve({ rendererDir: path.join(rendererDir, 'nowhere') });
    expect(handle.rendererBuilt).toBe(false);
    const page = await get(handle.port, '/');
    expect(page.status).toBe(503);
    expect(page.body.trim()).toBe(BUILD_HINT);
    const client = createWsClient({
      url: `ws://127.0.0.1:${handle.port}${WS_PATH}`,
      secret: handle.secret,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    });
    try {
      expect(await client.api['app.info']({})).toMatchObject({ bridge: 'browser' });
    } finally {
      client.close();
    }
  });

  it('sets the site credentials through the contract', async () => {
    const { core } = await serve({ credentials: { username: 'kairos', password: 'kairos' } });
    expect(core.calls.get('credentials.setSite')).toEqual([{ username: 'kairos', password: 'kairos' }]);
  });

  it('stops listening on close', async () => {
    const { handle } = await serve();
    await handle.close();
    await expect(get(handle.port, '/')).rejects.toThrow(/ECONNREFUSED/);
  });
});
