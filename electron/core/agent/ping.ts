// Reads over a kept-alive connection with plain `https`: liveness pings and state polls run every few seconds for
// every host, so they take the cheapest path Node offers (no got option objects, hooks or streams per request).
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { paths } from '../../../shared/local-api/types';

export type RawResult =
  | { ok: true; status: number; body: string; headers: IncomingHttpHeaders; ms: number }
  | { ok: false; code: string; message: string; staleSocket: boolean; error: Error };

export type PingResult = RawResult;

export interface RawGetOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
  /** Longer answers are cut off and reported as ERR_BODY_TOO_LARGE. */
  maxBytes?: number;
  signal?: AbortSignal;
}

export function rawGet(url: string, agent: https.Agent, opts: RawGetOptions): Promise<RawResult> {
  const started = Date.now();
  const maxBytes = opts.maxBytes ?? 4 * 1024 * 1024;
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: RawResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const fail = (err: NodeJS.ErrnoException, reused: boolean) => {
      const code = err.code ?? (err.name === 'AbortError' ? 'ABORT_ERR' : 'ERROR');
      // A kept-alive socket the host closed meanwhile fails at once: worth one more try on a fresh one.
      const staleSocket = reused && (code === 'ECONNRESET' || code === 'EPIPE');
      finish({ ok: false, code, message: err.message, staleSocket, error: err });
    };
    const req = https.request(url, { method: 'GET', agent, rejectUnauthorized: false, headers: { accept: 'application/json', ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          // Settle first: destroying the streams emits errors of their own.
          fail(Object.assign(new Error('answer too large'), { code: 'ERR_BODY_TOO_LARGE' }), false);
          res.destroy();
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        const body = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
        finish({ ok: true, status: res.statusCode ?? 0, body, headers: res.headers, ms: Date.now() - started });
      });
      res.on('error', (err) => fail(err, false));
      res.on('aborted', () => fail(Object.assign(new Error('answer cut off'), { code: 'ECONNRESET' }), false));
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' })), opts.timeoutMs);
    const onAbort = () => req.destroy(Object.assign(new Error('cancelled'), { name: 'AbortError', code: 'ABORT_ERR' }));
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err: NodeJS.ErrnoException) => fail(err, (req as unknown as { reusedSocket?: boolean }).reusedSocket === true));
    req.end();
  });
}

/** GET /v1/ping: any HTTP answer means the host is alive. */
export function pingHost(baseUrl: string, agent: https.Agent, timeoutMs: number): Promise<PingResult> {
  return rawGet(baseUrl + paths.ping, agent, { timeoutMs, maxBytes: 4096 });
}
