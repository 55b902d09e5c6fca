// An HTTPS host stub for tests that must answer some calls by hand (an upload answered before its body ends, an
// answer trickled a byte at a time, a call cut mid-way): those go to the test's own handler, every other call gets
// the answers of a healthy host (fake-host's default routes), so the core can log in and poll as usual.
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { defaultRoutes, makeCertificate } from './fake-host';

/** Answers the request itself and returns true, or returns false to leave it to the healthy default routes. */
export type StubHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface HttpsStub {
  url: string;
  /** Runs on close, before the sockets are cut: for a handler's own timers. */
  onClose(cleanup: () => void): void;
  close(): Promise<void>;
}

export async function startHttpsStub(handle: StubHandler): Promise<HttpsStub> {
  const cert = await makeCertificate();
  const routes = defaultRoutes();
  const cleanups: (() => void)[] = [];
  const sockets = new Set<{ destroy(): void; on(e: 'close', l: () => void): unknown }>();
  const server = https.createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    if (handle(req, res)) return;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'https://stub');
        const route = routes.get(`${req.method} ${url.pathname}`);
        const answer = route
          ? await route({
              method: req.method ?? 'GET',
              path: url.pathname,
              query: url.searchParams,
              headers: req.headers,
              body: text ? JSON.parse(text) : undefined,
            })
          : { status: 404, body: { message: 'no such route' } };
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      })(); // reason: the default routes do not throw; a test that broke one fails on its own assertions
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    onClose: (cleanup) => void cleanups.push(cleanup),
    close: async () => {
      for (const cleanup of cleanups) cleanup();
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
