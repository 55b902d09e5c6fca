// The poller's hand-written HTTP/1.1 client against a raw TLS server: answers split across packets, chunked
// bodies, a connection closed by the host, answers it must refuse, and the certificate check before any write.
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCertificate } from '../../test-kit/core/fake-host';
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
    const answer = async (chunk: Buffer): Promise<void> => {
      received.push(chunk.toString('latin1'));
      const next = answers.shift();
      if (!next || next === 'close') return void socket.destroy();
      for (const piece of next) {
        socket.write(piece);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    // answer() cannot reject (writes on a closed socket only emit 'error', handled above).
    socket.on('data', (chunk: Buffer) => void answer(chunk));
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
    const pc = new PollConnection(
      '127.0.0.1',
      s.port,
      () => 'trusted',
      true,
      1024,
      () => lost++,
    );
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

  it('gives up on an endless chunk-size line after a kilobyte, with the socket closed', async () => {
    const cert = await makeCertificate();
    let written = 0;
    let closed = false;
    const server = tls.createServer({ key: cert.key, cert: cert.cert }, (socket) => {
      socket.on('error', () => undefined);
      socket.on('close', () => (closed = true));
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n');
        // Hex digits without end, as fast as the socket takes them.
        const pump = () => {
          while (!socket.destroyed && written < 64 * 1024 * 1024) {
            written += 16 * 1024;
            if (!socket.write('f'.repeat(16 * 1024))) return void socket.once('drain', pump);
          }
        };
        pump();
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const pc = new PollConnection('127.0.0.1', (server.address() as AddressInfo).port, () => 'trusted', true);
    await expect(pc.get('/v1/link', {}, 10_000)).rejects.toMatchObject({ code: 'EPROTO', message: 'chunk size line too long' });
    await waitUntil(() => closed);
    // The server got a few socket buffers out before the close, never the 64 MB it wanted to send.
    expect(written).toBeLessThan(8 * 1024 * 1024);
  });

  it('refuses a chunked answer whose chunks add up past its limit, without holding more than the limit', async () => {
    const piece = `400\r\n${'y'.repeat(1024)}\r\n`;
    const s = await rawServer([['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n', piece.repeat(8)]]);
    const pc = new PollConnection('127.0.0.1', s.port, () => 'trusted', true, 4 * 1024);
    await expect(pc.get('/v1/link', {}, 2_000)).rejects.toMatchObject({ code: 'ERR_BODY_TOO_LARGE' });
  });

  it('reads an answer trickled in one-byte pieces', async () => {
    const answer = 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n';
    const s = await rawServer([[...answer]]);
    const pc = new PollConnection('127.0.0.1', s.port, () => 'trusted', true);
    expect(await pc.get('/v1/link', {}, 5_000)).toMatchObject({ status: 200, body: 'hello' });
    pc.close();
  });
});

async function waitUntil(ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the server to see the close');
    await new Promise((r) => setTimeout(r, 20));
  }
}
