// The liveness check: GET /v1/ping on a kept-alive connection. Deliberately raw `https` instead of got: it runs
// every two seconds for every host, and the cheapest request is the one that keeps idle CPU low.
import https from 'node:https';
import { paths } from '../../../shared/local-api/types';

export type PingResult =
  | { ok: true; status: number; ms: number }
  | { ok: false; code: string; message: string; staleSocket: boolean };

const MAX_PING_BODY = 4096;

export function pingHost(baseUrl: string, agent: https.Agent, timeoutMs: number, path: string = paths.ping): Promise<PingResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: PingResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = https.request(baseUrl + path, { method: 'GET', agent, rejectUnauthorized: false, headers: { accept: 'application/json' } }, (res) => {
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_PING_BODY) res.destroy();
      });
      res.on('end', () => finish({ ok: true, status: res.statusCode ?? 0, ms: Date.now() - started }));
      res.on('error', () => finish({ ok: true, status: res.statusCode ?? 0, ms: Date.now() - started }));
      res.on('close', () => finish({ ok: true, status: res.statusCode ?? 0, ms: Date.now() - started }));
    });
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error('ping timeout'), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'ERROR';
      // A kept-alive socket the host closed meanwhile fails at once: worth one more try on a fresh one.
      const staleSocket = (code === 'ECONNRESET' || code === 'EPIPE') && (req as unknown as { reusedSocket?: boolean }).reusedSocket === true;
      finish({ ok: false, code, message: err.message, staleSocket });
    });
    req.end();
  });
}
