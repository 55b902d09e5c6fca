// An HTTPS "edge host" that signs in like a healthy one (fake-host's default routes, kairos/kairos) and then turns
// hostile in one way: 'endless-line' answers every GET with a chunked body whose chunk-size line never ends, and
// 'trickle-upload' answers an upload one byte every `trickleMs`, never finishing. For scripts/bench-hostile.ts.
import type { ServerResponse } from 'node:http';
import { paths } from '../../../shared/local-api/types';
import { defaultRoutes, startFakeHost } from './fake-host';

export type Hostility = 'endless-line' | 'trickle-upload';

export interface HostileHost {
  url: string;
  /** Bytes of hostile answer written so far. */
  written(): number;
  close(): Promise<void>;
}

export async function startHostileHost(mode: Hostility, opts: { id: string; name: string; trickleMs?: number }): Promise<HostileHost> {
  const routes = defaultRoutes(opts.id, opts.name);
  let written = 0;
  const timers = new Set<NodeJS.Timeout>();

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

  // Hostile answers are given once the request's body was read (and dropped): the core has sent all it meant to.
  const host = await startFakeHost({
    routes,
    intercept: (req, res) => {
      const url = new URL(req.url ?? '/', 'https://stub');
      const hostile = mode === 'trickle-upload' ? url.pathname === paths.uploadContent : req.method === 'GET' && url.pathname !== paths.ping;
      if (!hostile) return false;
      req.resume();
      req.on('end', () => (mode === 'trickle-upload' ? trickle(res) : endless(res)));
      return true;
    },
  });
  return {
    url: host.url,
    written: () => written,
    close: async () => {
      for (const t of timers) clearInterval(t);
      await host.close();
    },
  };
}
