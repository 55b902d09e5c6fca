// The poller's hand-written HTTP/1.1 client against a raw TLS server: answers split across packets, chunked
// bodies, a connection closed by the host, answers it must refuse, and the certificate check before any write.
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCertificate } from '../test-support/fake-host';
import { PollConnection } from './poll-connection';

const servers: tls.Server[] = [];
afterEach(async () => {
  while (servers.length) await new Promise((r) => servers.pop()!.close(r));
});

/** A server that answers each request with the next entry of `answers` (written in the given pieces). */
async function rawServer(answers: (string[] | 'close')[]): Promise<{ port: number; received: string[]; fingerprint: string }> {
  const cert = await makeCertificate();
  const received: string[] = [];
  const server = tls.createServer({ key: cert.key, cert: cert.cert }, (socket) => {
    socket.on('error', () => undefined);
    socket.on('data', async (chunk: Buffer) => {
      received.push(chunk.toString('latin1'));
      const next = answers.shift();
      if (!next || next === 'close') return void socket.destroy();
      for (const piece of next) {
        socket.write(piece);
        await new Promise((r) => setTimeout(r, 5));
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as AddressInfo).port, received, fingerprint: cert.fingerprint };
}

describe('poll connection', () => {
  it('reads answers split across packets and chunked answers on one kept-alive socket', async () => {
    const s = await rawServer([
      ['HTTP/1.1 200 OK\r\ncontent-len', 'gth: 12\r\n\r\n{"msg":', '"ok"}'],
      ['HTTP/1.1 404 Not Found\r\ntransfer-encoding: chunked\r\n\r\n4\r\n{"a"\r\n', '3\r\n:1}\r\n0\r\n\r\n'],
    ]);
    const pc = new PollConnection('127.0.0.1', s.port, () => 'trusted', true);
    expect(await pc.get('/v1/ping', {}, 2_000)).toMatchObject({ status: 200, body: '{"msg":"ok"}' });
    const second = await pc.get('/x', { authorization: 'tok' }, 2_000);
    expect(second).toMatchObject({ status: 404, body: '{"a":1}' });
    expect(pc.wasReused).toBe(true);
    expect(s.received[1]).toMatch(/^GET \/x HTTP\/1\.1\r\n[\s\S]*authorization: tok\r\n\r\n$/);
    pc.close();
  });

  it('refuses what it does not speak, and a certificate that is not trusted before writing anything', async () => {
    const s = await rawServer([['SSH-2.0-OpenSSH\r\n\r\n']]);
    const pc = new PollConnection('127.0.0.1', s.port, () => 'trusted', true);
    await expect(pc.get('/v1/ping', {}, 2_000)).rejects.toMatchObject({ code: 'EPROTO' });
    const untrusted = new PollConnection('127.0.0.1', s.port, () => 'changed', true);
    await expect(untrusted.get('/v1/ping', {}, 2_000)).rejects.toMatchObject({ code: 'EFIELDLINKCERT', verdict: 'changed' });
    expect(s.received).toHaveLength(1);
  });

  it('reports a host that closes the connection, and one that does not answer in time', async () => {
    const s = await rawServer(['close', []]);
    let lost = 0;
    const pc = new PollConnection('127.0.0.1', s.port, () => 'trusted', true, 1024, () => lost++);
    await expect(pc.get('/v1/ping', {}, 2_000)).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(pc.get('/v1/ping', {}, 300)).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(lost).toBe(0); // both closes happened during a request, which reports them itself
    pc.close();
  });

  it('refuses an answer larger than its limit', async () => {
    const s = await rawServer([[`HTTP/1.1 200 OK\r\ncontent-length: 5000\r\n\r\n${'x'.repeat(5000)}`]]);
    const pc = new PollConnection('127.0.0.1', s.port, () => 'trusted', true, 1024);
    await expect(pc.get('/v1/ping', {}, 2_000)).rejects.toMatchObject({ code: 'ERR_BODY_TOO_LARGE' });
  });
});
