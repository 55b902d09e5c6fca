// A streamed upload reads its body only once the request has its connection. Read earlier, the bytes pile up and reach
// the socket in one burst as it opens; a host that answers early (413, 401) and resets the connection then had its
// answer lost under the write error (seen as "unreachable" in upload-early-answer.test.ts, one run in three on a
// loaded machine). Driven through a TCP relay that holds each new connection back for a while, like a distant host.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { paths } from '../../../shared/local-api/types';
import { trustingClient } from '../../test-kit/core/agent-client';
import { defaultRoutes, startFakeHost } from '../../test-kit/core/fake-host';
import { MultipartBody, type BodyPart } from '../uploads/multipart-body';
import type { StreamPostOptions } from './types';

const HOLD_MS = 300;
const open: { close(): unknown }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

/** Relays to `port` after holding each new connection HOLD_MS; `refuse` cuts new connections instead. */
async function slowRelay(port: number): Promise<{ port: number; forwardedAt: number[]; refuse: boolean }> {
  const relay = { port: 0, forwardedAt: [] as number[], refuse: false };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    if (relay.refuse) return void client.destroy();
    setTimeout(() => {
      const upstream = net.connect(port, '127.0.0.1', () => relay.forwardedAt.push(Date.now()));
      sockets.add(upstream);
      client.pipe(upstream).pipe(client);
      const end = () => (client.destroy(), upstream.destroy());
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    }, HOLD_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay.port = (server.address() as net.AddressInfo).port;
  open.unshift({
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  });
  return relay;
}

/**
 * The upload's own body (MultipartBody) as postStream takes it, its file part noting when it is opened, and the
 * stream when it closed.
 */
function upload(log: { connectedAt?: number; readAt?: number; closed?: boolean }): StreamPostOptions {
  const data = Buffer.alloc(1024, 1);
  const part: BodyPart = {
    field: 'uploadFile',
    fileName: 'bundle.tar.zst',
    size: data.length,
    async *open() {
      log.readAt = Date.now();
      yield data;
    },
  };
  const multipart = new MultipartBody([part]);
  return {
    body: (connected) => {
      // Notes a time only; the promise never rejects.
      void connected.then(() => (log.connectedAt = Date.now()));
      const stream = multipart.stream(connected);
      stream.once('close', () => (log.closed = true));
      return stream;
    },
    headers: { 'content-type': multipart.contentType, 'content-length': String(multipart.length) },
  };
}

async function setup() {
  const routes = defaultRoutes();
  // No kept-alive connection after the login: the upload needs a new one, held back by the relay.
  const login = routes.get(`POST ${paths.login}`)!;
  routes.set(`POST ${paths.login}`, async (req) => ({ ...(await login(req)), headers: { connection: 'close' } }));
  routes.set(`POST ${paths.uploadContent}`, () => ({ status: 201, body: {} }));
  const host = await startFakeHost({ routes });
  open.unshift(host);
  const relay = await slowRelay(host.port);
  const client = trustingClient(relay.port);
  open.unshift(client);
  return { host, relay, client };
}

describe('a streamed upload body', () => {
  it('is read only once the request has its connection', async () => {
    const { relay, client } = await setup();
    await client.authHeaders();
    const log: { connectedAt?: number; readAt?: number } = {};
    const startedAt = Date.now();

    const answer = await client.postStream(paths.uploadContent, upload(log));

    expect(answer.status).toBe(201);
    // Two connections went through the relay: the login's, then the upload's.
    expect(relay.forwardedAt).toHaveLength(2);
    const uploadConnection = relay.forwardedAt[1]!;
    expect(uploadConnection - startedAt).toBeGreaterThanOrEqual(HOLD_MS - 20);
    expect(log.connectedAt).toBeGreaterThanOrEqual(uploadConnection);
    expect(log.readAt).toBeGreaterThanOrEqual(uploadConnection);
  });

  it('is closed unread when no connection can be made', async () => {
    const { relay, client } = await setup();
    await client.authHeaders();
    relay.refuse = true;
    const log: { readAt?: number; closed?: boolean } = {};

    await expect(client.postStream(paths.uploadContent, upload(log))).rejects.toMatchObject({
      code: 'unreachable',
    });

    await expect.poll(() => log.closed, { timeout: 5_000 }).toBe(true);
    expect(log.readAt).toBeUndefined();
  });
});
