// An HTTPS "edge host" that signs in like a healthy one (fake-host's default routes, kairos/kairos) and then turns
// hostile in one way: 'endless-line' answers every GET with a chunked body whose chunk-size line never ends, and
// 'trickle-upload' answers an upload one byte every `trickleMs`, never finishing. For scripts/bench-hostile.ts.
import type { ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { paths } from '../../../shared/local-api/types';
import { defaultRoutes, makeCertificate } from '../../test-kit/core/fake-host';

export type Hostility = 'endless-line' | 'trickle-upload';

export interface HostileHost {
  url: string;
  /** Bytes of hostile answer written so far. */
  written(): number;
  close(): Promise<void>;
}

export async function startHostileHost(mode: Hostility, opts: { id: string; name: string; trickleMs?: number }): Promise<HostileHost> {
  const cert = await makeCertificate();
  const routes = defaultRoutes(opts.id, opts.name);
  let written = 0;
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<{ destroy(): void; on(e: 'close', l: () => void): unknown }>();

  const endless = (res: ServerResponse) => {
    // Raw bytes on the socket: a chunked head, then hex digits without a line end, as fast as they are taken.
    const socket = res.socket!;
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
    const block = 'f'.repeat(64 * 1024);
    const pump = () => {
      while (!socket.destroyed) {
        written += block.length;
        if (!socket.write(block)) return void socket.once('drain', pump);
      }
    };
    pump();
  };

  const trickle = (res: ServerResponse) => {
    res.writeHead(201, { 'content-type': 'application/json' });
    const drip = setInterval(() => {
      if (res.destroyed) return clearInterval(drip);
      written += 1;
      res.write(' ');
    }, opts.trickleMs ?? 30_000);
    timers.add(drip);
  };

  const server = https.createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    const upload = req.url === paths.uploadContent;
    req.on('data', (c: Buffer) => {
      if (!upload) chunks.push(c);
    });
    const respond = async (): Promise<void> => {
      const url = new URL(req.url ?? '/', 'https://stub');
      const route = routes.get(`${req.method} ${url.pathname}`);
      if (mode === 'trickle-upload' && upload) return trickle(res);
      if (mode === 'endless-line' && req.method === 'GET' && url.pathname !== paths.ping) return endless(res);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const answer = route
        ? await route({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body })
        : { status: 404, body: { message: 'no such route' } };
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    };
    // respond() ends every answer itself; a failing test route still answers (500) rather than leaving the
    // request open.
    req.on('end', () => void respond().catch(() => res.writeHead(500).end()));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    written: () => written,
    close: async () => {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
