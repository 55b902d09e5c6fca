import { request } from 'node:http';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { StreamUploads } from '../core/uploads/stream-upload';
import { registerUploadRoute } from './upload-route';

async function appWith(uploads: StreamUploads, siteReady?: () => Promise<unknown>) {
  const app = Fastify({ bodyLimit: 64 * 1024 });
  await registerUploadRoute(app, uploads, { secret: 'the-secret', ...(siteReady ? { siteReady } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  return { app, port };
}

/** A stand-in for the core: reads the whole body as the upload task would and remembers what it got. */
function recorder() {
  const got: { hostId: string; name: string; size: number; bytes: number }[] = [];
  const uploads: StreamUploads = {
    start(hostId, name, size, body) {
      const entry = { hostId, name, size, bytes: 0 };
      got.push(entry);
      const settled = (async () => {
        for await (const chunk of body) entry.bytes += chunk.length;
      })();
      return { taskId: 'task-1', settled };
    },
  };
  return { got, uploads };
}

describe('the browser upload route', () => {
  it('streams the body of an authenticated local request into an upload task and answers with its id', async () => {
    const { got, uploads } = recorder();
    const { app, port } = await appWith(uploads);
    try {
      const body = Buffer.alloc(3 * 1024 * 1024, 7);
      const answer = await fetch(`http://127.0.0.1:${port}/api/upload?host=edge-1&name=a.tar.zst&size=${body.length}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'x-fieldlink-secret': 'the-secret', origin: `http://127.0.0.1:${port}` },
        body,
      });
      expect(answer.status).toBe(202);
      expect(await answer.json()).toEqual({ taskId: 'task-1' });
      // Larger than the app's 64 KiB JSON limit: the body is streamed, never parsed.
      expect(got).toEqual([{ hostId: 'edge-1', name: 'a.tar.zst', size: body.length, bytes: body.length }]);
    } finally {
      await app.close();
    }
  });

  it('refuses a wrong secret, a foreign origin or Host, and a size that does not match the body, before reading it', async () => {
    const { got, uploads } = recorder();
    const { app, port } = await appWith(uploads);
    try {
      const url = `http://127.0.0.1:${port}/api/upload?host=edge-1&name=a.tar.zst&size=4`;
      const base = { 'content-type': 'application/octet-stream', 'x-fieldlink-secret': 'the-secret' };
      // node:http, not fetch: a test must be able to send a foreign Host header.
      const post = (headers: Record<string, string>, target = url, body = 'abcd') =>
        new Promise<{ statusCode: number; json: () => { error: string } }>((resolve, reject) => {
          const req = request(target, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, json: () => JSON.parse(text) as { error: string } }));
          });
          req.on('error', reject);
          req.end(body);
        });
      expect((await post({ ...base, host: `127.0.0.1:${port}`, 'x-fieldlink-secret': 'guess' })).statusCode).toBe(401);
      expect((await post({ ...base, host: `127.0.0.1:${port}` }, url)).statusCode).toBe(202);
      expect((await post({ ...base, host: `evil.example:${port}` })).statusCode).toBe(403);
      expect((await post({ ...base, host: `127.0.0.1:${port}`, origin: 'http://evil.example' })).statusCode).toBe(403);
      const short = await post({ ...base, host: `127.0.0.1:${port}` }, url.replace('size=4', 'size=9'));
      expect(short.statusCode).toBe(400);
      expect(short.json().error).toMatch(/Drop the file again/);
      expect(got).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('waits for a site switch under way to end before it starts the upload', async () => {
    const { got, uploads } = recorder();
    let switched!: () => void;
    let asked!: () => void;
    const readyAsked = new Promise<void>((resolve) => (asked = resolve));
    const { app, port } = await appWith(uploads, () => {
      asked();
      return new Promise<void>((resolve) => (switched = resolve));
    });
    try {
      const body = Buffer.alloc(200_000, 3);
      const answer = fetch(`http://127.0.0.1:${port}/api/upload?host=edge-1&name=a.tar.zst&size=${body.length}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'x-fieldlink-secret': 'the-secret', origin: `http://127.0.0.1:${port}` },
        body,
      });
      await readyAsked;
      // The request is in and waits on the switch: no upload task exists yet.
      expect(got).toEqual([]);
      switched();
      expect((await answer).status).toBe(202);
      expect(got).toEqual([{ hostId: 'edge-1', name: 'a.tar.zst', size: body.length, bytes: body.length }]);
    } finally {
      await app.close();
    }
  });

  it('refuses the upload, saying why, when the site cannot be opened', async () => {
    const { got, uploads } = recorder();
    const { app, port } = await appWith(uploads, () => Promise.reject(new Error('Fieldlink is shutting down; start it again to go on.')));
    try {
      const answer = await fetch(`http://127.0.0.1:${port}/api/upload?host=edge-1&name=a.tar.zst&size=4`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'x-fieldlink-secret': 'the-secret', origin: `http://127.0.0.1:${port}` },
        body: 'abcd',
      });
      expect(answer.status).toBe(503);
      expect(((await answer.json()) as { error: string }).error).toMatch(/while changing sites \(Fieldlink is shutting down.*Drop the file again/);
      expect(got).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
