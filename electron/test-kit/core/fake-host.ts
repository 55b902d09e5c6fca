// A tiny HTTPS server that answers like an edge host, or like a broken or hostile one: each route can be replaced
// by a test. Its certificate is self-signed and made per server, so certificate pinning is exercised for real.
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

export interface FakeAnswer {
  status?: number;
  body?: unknown;
  /** Raw text instead of JSON. */
  raw?: string;
  headers?: Record<string, string>;
  /** Never answer (for timeouts). */
  hang?: boolean;
  /** Cut the connection without an answer. */
  destroy?: boolean;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export type FakeRoute = (req: FakeRequest) => FakeAnswer | Promise<FakeAnswer>;

export interface FakeHost {
  url: string;
  port: number;
  fingerprint: string;
  requests: FakeRequest[];
  routes: Map<string, FakeRoute>;
  set(method: string, path: string, route: FakeRoute): void;
  close(): Promise<void>;
}

export const FAKE_ID = `edge-${'ab'.repeat(16)}`;
const SESSION = 'header.eyJleHAiOjQxMDI0NDQ4MDB9.sig';

export async function makeCertificate(): Promise<{ key: string; cert: string; fingerprint: string }> {
  const pems = await generate([{ name: 'commonName', value: 'fake-edge' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  } as Parameters<typeof generate>[1]);
  return { key: pems.private, cert: pems.cert, fingerprint: new X509Certificate(pems.cert).fingerprint256 };
}

/** The answers of a healthy standalone host that accepts kairos/kairos. */
export function defaultRoutes(id = FAKE_ID, name = 'fake-edge'): Map<string, FakeRoute> {
  return new Map<string, FakeRoute>([
    ['GET /v1/ping', () => ({ body: { msg: 'pong' } })],
    [
      'POST /v1/users/default/login',
      (req) => {
        const b = req.body as { username?: string; password?: string };
        return b?.username === 'kairos' && b.password === 'kairos'
          ? { body: { IsFirstLogin: false, Token: { Authorization: SESSION } } }
          : { status: 401, body: { code: 'Unauthorized', message: 'Invalid username or password' } };
      },
    ],
    ['POST /v1/users/default/token/renewal', () => ({ body: { Authorization: SESSION } })],
    [
      'GET /v1/edge-mgmt/edgehosts/current',
      () => ({
        body: {
          metadata: { id, name },
          spec: {
            managementMode: 'local',
            hostInfo: { hostState: 'Ready', hostType: 'appliance' },
            hardwareSpec: { os: { family: 'ubuntu', version: '22.04' } },
          },
          status: { agentVersion: 'v4.7.2' },
        },
      }),
    ],
    ['GET /v1/edge-mgmt/settings', () => ({ body: { installationMode: 'airgap', managementMode: 'local', featureFlags: { enableMultiNode: true } } })],
    ['GET /v1/edge-mgmt/edgehosts/current/link/status', () => ({ status: 404, body: { code: 'NotFound', message: 'not linked' } })],
    ['GET /v1/edge-mgmt/edgehosts/current/link/token', () => ({ body: { generating: false } })],
  ]);
}

/** Answers a request by hand (its body unread) and returns true, or returns false to leave it to the routes. */
export type FakeIntercept = (req: IncomingMessage, res: ServerResponse) => boolean;

export async function startFakeHost(
  opts: { routes?: Map<string, FakeRoute>; cert?: { key: string; cert: string; fingerprint: string }; port?: number; intercept?: FakeIntercept } = {},
): Promise<FakeHost> {
  const cert = opts.cert ?? (await makeCertificate());
  const routes = opts.routes ?? defaultRoutes();
  const requests: FakeRequest[] = [];
  const sockets = new Set<{ destroy(): void }>();
  const server = https.createServer({ key: cert.key, cert: cert.cert, keepAliveTimeout: 5_000 }, (req, res) => {
    if (opts.intercept?.(req, res)) return;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    // respond() answers every request itself; a route that throws fails the test that gave it.
    req.on('end', () => void respond());
    const respond = async () => {
      const url = new URL(req.url ?? '/', 'https://fake');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* keep the text */
      }
      const fr: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
      requests.push(fr);
      const route = routes.get(`${fr.method} ${fr.path}`);
      const answer: FakeAnswer = route ? await route(fr) : { status: 404, body: { code: 'NotFound', message: 'no such route' } };
      if (answer.hang) return;
      if (answer.destroy) return void req.socket.destroy();
      const payload = answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(payload);
    };
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    fingerprint: cert.fingerprint,
    requests,
    routes,
    set: (method, path, route) => void routes.set(`${method} ${path}`, route),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
