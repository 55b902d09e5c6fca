// Slow, failing and cut-off hosts are the cases the console must survive; this switches them on per host.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';

/** Faults a host can be told to have, switchable at run time (library and admin interface). */
export interface FaultSettings {
  /** Added before every request is handled. */
  latencyMs: number;
  /** Share of requests (0..1) answered with `errorStatus` and a v1Error body instead of being handled. */
  errorRate: number;
  errorStatus: number;
  /** Reset the connection once this many bytes of a request or response body have passed; null = never. */
  resetAfterBytes: number | null;
}

export interface FaultControl {
  get(): FaultSettings;
  /** Changes the given settings, keeps the others, and returns the result. */
  set(change: Partial<FaultSettings>): FaultSettings;
  /** Back to a healthy host. */
  clear(): FaultSettings;
}

export const NO_FAULTS: FaultSettings = { latencyMs: 0, errorRate: 0, errorStatus: 500, resetAfterBytes: null };

export const faultChangeSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(600_000),
    errorRate: z.number().min(0).max(1),
    errorStatus: z.number().int().min(400).max(599),
    resetAfterBytes: z.number().int().min(0).nullable(),
  })
  .partial()
  .strict();

export class Faults implements FaultControl {
  private current: FaultSettings = { ...NO_FAULTS };

  get(): FaultSettings {
    return { ...this.current };
  }

  set(change: Partial<FaultSettings>): FaultSettings {
    const valid = faultChangeSchema.parse(change);
    this.current = { ...this.current, ...stripUndefined(valid) };
    return this.get();
  }

  clear(): FaultSettings {
    this.current = { ...NO_FAULTS };
    return this.get();
  }

  /** Decided once per request so a request is either failed whole or served whole. */
  shouldFail(): boolean {
    return this.current.errorRate > 0 && Math.random() < this.current.errorRate;
  }
}

/**
 * Cuts the connection after `limit` bytes of request body have arrived. It taps `push`, which Node's HTTP parser
 * calls for every body chunk, because the body has several readers (JSON parser, busboy for multipart, the
 * peer content stream) and a tap here sees them all without changing how they read.
 */
export function resetRequestBodyAfter(req: IncomingMessage, limit: number): void {
  const push = req.push.bind(req);
  let received = 0;
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk === null || chunk === undefined) return push(chunk, encoding);
    const buf = toBuffer(chunk, encoding);
    const room = limit - received;
    received += buf.length;
    if (buf.length <= room) return push(buf);
    if (room > 0) push(buf.subarray(0, room));
    req.socket.destroy();
    return false;
  };
}

/**
 * Sends only the first `limit` bytes of the response body (the headers still announce the full length), then
 * destroys the socket once they are flushed, so the client sees a body cut short by a reset.
 */
export function resetResponseBodyAfter(res: ServerResponse, limit: number): void {
  const write = res.write.bind(res) as (chunk: Buffer, cb?: (err?: Error | null) => void) => boolean;
  const end = res.end.bind(res) as (chunk?: Buffer, cb?: () => void) => ServerResponse;
  let sent = 0;
  let cut = false;

  const cutAfter = (part: Buffer) => {
    cut = true;
    write(part, () => res.socket?.destroy());
    if (part.length === 0) res.socket?.destroy();
  };
  const take = (chunk: unknown, encoding: unknown): Buffer | null => {
    const buf = toBuffer(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined);
    const room = limit - sent;
    sent += buf.length;
    if (buf.length <= room) return buf;
    cutAfter(buf.subarray(0, Math.max(room, 0)));
    return null;
  };

  res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
    if (cut) return false;
    const part = take(chunk, encoding);
    if (part === null) return false;
    return write(part, typeof encoding === 'function' ? (encoding as () => void) : (cb as (() => void) | undefined));
  }) as ServerResponse['write'];

  res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
    if (cut) return res;
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return end(undefined, chunk as () => void);
    const part = take(chunk, encoding);
    if (part === null) return res;
    return end(part, typeof encoding === 'function' ? (encoding as () => void) : (cb as (() => void) | undefined));
  }) as ServerResponse['end'];
}

function toBuffer(chunk: unknown, encoding?: BufferEncoding): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), encoding ?? 'utf8');
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
