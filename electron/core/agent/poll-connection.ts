// The poller's own connection to a host: one TLS socket kept open, carrying one small GET at a time, written and
// read by hand. A liveness check or state read every ~2.5 s for each of a hundred hosts must cost next to nothing;
// Node's general HTTP client spends several times more per request on objects, streams and options than the
// request itself costs. This speaks just enough HTTP/1.1 for small JSON answers (Content-Length or chunked),
// and gives up (closing the socket) on anything it does not expect; callers then fall back to the normal client.
//
// The certificate is checked against the pin exactly like the other connections, before anything is written.
import tls from 'node:tls';
import { CertificateRejected, ConnectTimeout } from './errors';
import { SHARED_CLIENT_CONTEXT, type CertCheck } from './tls-agent';

export interface PollAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

const MAX_HEAD = 16 * 1024;
/** A chunk-size line is a few hex digits (plus rare extensions); anything longer is not an answer to read. */
const MAX_CHUNK_LINE = 1024;
const CRLF = Buffer.from('\r\n');
const protocolError = (message: string) => Object.assign(new Error(message), { code: 'EPROTO' });

interface Pending {
  resolve(a: PollAnswer): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

export class PollConnection {
  private socket: tls.TLSSocket | null = null;
  private connecting: Promise<tls.TLSSocket> | null = null;
  /** Bytes of the answer so far: `buffer` grows by doubling and only its first `length` bytes count. */
  private buffer: Buffer = Buffer.alloc(0);
  private length = 0;
  /** Where the next chunk-size line starts, once the head is read (earlier chunks are not scanned again). */
  private chunkScan: { at: number; parts: Buffer[]; total: number; bodyStart: number } | null = null;
  private pending: Pending | null = null;
  private reused = false;
  private closed = false;
  private busy = false;

  constructor(
    private readonly address: string,
    private readonly port: number,
    private readonly check: CertCheck,
    private readonly enforce: boolean,
    private readonly maxBody = 4 * 1024 * 1024,
    /** The host closed the connection between requests: it may have gone down, worth checking at once. */
    private readonly onLost: () => void = () => {},
  ) {}

  /** One GET; rejects on any connection or protocol problem (the socket is then closed). */
  async get(path: string, headers: Record<string, string>, timeoutMs: number): Promise<PollAnswer> {
    if (this.closed) throw Object.assign(new Error('closed'), { code: 'ECONNRESET' });
    // One request at a time, claimed before connecting so a second caller never waits on the same socket.
    if (this.busy) throw Object.assign(new Error('poll connection busy'), { code: 'EBUSY' });
    this.busy = true;
    try {
      const started = Date.now();
      const socket = await this.connect(timeoutMs);
      let head = `GET ${path} HTTP/1.1\r\nhost: ${this.address}:${this.port}\r\naccept: application/json\r\n`;
      for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
      return await new Promise<PollAnswer>((resolve, reject) => {
        const remaining = Math.max(1, timeoutMs - (Date.now() - started));
        const timer = setTimeout(() => this.fail(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' })), remaining);
        this.pending = { resolve, reject, timer };
        socket.write(`${head}\r\n`);
      });
    } finally {
      this.busy = false;
    }
  }

  /** Whether the last failure happened on a socket that had already served a request (a stale keep-alive). */
  get wasReused(): boolean {
    return this.reused;
  }

  close(): void {
    this.closed = true;
    this.fail(Object.assign(new Error('closed'), { code: 'ECONNRESET' }));
  }

  private connect(timeoutMs: number): Promise<tls.TLSSocket> {
    if (this.socket) {
      this.reused = true;
      return Promise.resolve(this.socket);
    }
    this.reused = false;
    this.connecting ??= new Promise<tls.TLSSocket>((resolve, reject) => {
      const socket = tls.connect({ host: this.address, port: this.port, rejectUnauthorized: false, secureContext: SHARED_CLIENT_CONTEXT });
      const timer = setTimeout(() => done(new ConnectTimeout('connect timeout')), Math.min(timeoutMs, 3_000));
      const done = (err: Error | null) => {
        clearTimeout(timer);
        this.connecting = null;
        if (!err && this.closed) err = Object.assign(new Error('closed'), { code: 'ECONNRESET' });
        if (err) {
          socket.on('error', () => {});
          socket.destroy();
          reject(err);
          return;
        }
        socket.setNoDelay(true);
        socket.on('data', (chunk: Buffer) => this.onData(chunk));
        socket.on('error', (e) => this.fail(e));
        socket.on('close', () => {
          if (this.socket === socket && !this.pending) this.onLost();
          this.fail(Object.assign(new Error('connection closed'), { code: 'ECONNRESET' }));
        });
        this.socket = socket;
        resolve(socket);
      };
      socket.once('error', done);
      socket.once('secureConnect', () => {
        socket.removeListener('error', done);
        const fingerprint = socket.getPeerCertificate()?.fingerprint256;
        if (!fingerprint) return done(new CertificateRejected('unknown', 'none'));
        const verdict = this.check(fingerprint);
        if (verdict !== 'trusted' && this.enforce) return done(new CertificateRejected(verdict, fingerprint));
        done(null);
      });
    });
    return this.connecting;
  }

  private fail(err: Error): void {
    const socket = this.socket;
    this.socket = null;
    this.reset();
    if (socket) {
      socket.removeAllListeners('data');
      socket.on('error', () => {});
      socket.destroy();
    }
    const pending = this.pending;
    this.pending = null;
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(err);
    }
  }

  private onData(chunk: Buffer): void {
    if (!this.pending) return this.fail(protocolError('unexpected data'));
    // Never more than one answer's worth: head, body and chunk framing.
    if (this.length + chunk.length > MAX_HEAD + this.maxBody + 64 * 1024) {
      return this.fail(Object.assign(new Error('answer too large'), { code: 'ERR_BODY_TOO_LARGE' }));
    }
    this.append(chunk);
    let parsed: { answer: PollAnswer; keepAlive: boolean } | null;
    try {
      parsed = this.parse();
    } catch (err) {
      return this.fail(err as Error);
    }
    if (!parsed) return;
    const pending = this.pending;
    this.pending = null;
    clearTimeout(pending.timer);
    this.reset();
    if (!parsed.keepAlive) this.fail(Object.assign(new Error('closed by host'), { code: 'ECONNRESET' }));
    pending.resolve(parsed.answer);
  }

  /** Appends without re-joining everything read so far (a trickled answer would cost its square otherwise). */
  private append(chunk: Buffer): void {
    if (this.length + chunk.length > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.length + chunk.length, this.buffer.length * 2, 4096));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, this.length);
    this.length += chunk.length;
  }

  private reset(): void {
    this.buffer = Buffer.alloc(0);
    this.length = 0;
    this.chunkScan = null;
  }

  /** A whole answer from the buffer, or null when more bytes are needed. */
  private parse(): { answer: PollAnswer; keepAlive: boolean } | null {
    const data = this.buffer.subarray(0, this.length);
    const end = data.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.length > MAX_HEAD) throw protocolError('header too large');
      return null;
    }
    if (end > MAX_HEAD) throw protocolError('header too large');
    const lines = data.subarray(0, end).toString('latin1').split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    if (!status) throw protocolError('not HTTP');
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const bodyStart = end + 4;
    let body: Buffer | null;
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = this.dechunk(data, bodyStart);
    else {
      const length = Number(headers['content-length'] ?? 'NaN');
      if (!Number.isInteger(length) || length < 0) throw protocolError('no content length');
      if (length > this.maxBody) throw Object.assign(new Error('answer too large'), { code: 'ERR_BODY_TOO_LARGE' });
      body = data.length - bodyStart >= length ? data.subarray(bodyStart, bodyStart + length) : null;
    }
    if (!body) return null;
    const keepAlive = !/close/i.test(headers.connection ?? '') && lines[0]!.startsWith('HTTP/1.1');
    return { answer: { status: Number(status[1]), body: body.toString('utf8'), headers }, keepAlive };
  }

  /** Resumes where the last call stopped: each chunk is framed and copied out once. */
  private dechunk(data: Buffer, start: number): Buffer | null {
    if (!this.chunkScan || this.chunkScan.bodyStart !== start) this.chunkScan = { at: start, parts: [], total: 0, bodyStart: start };
    const scan = this.chunkScan;
    for (;;) {
      const lineEnd = data.indexOf(CRLF, scan.at);
      if (lineEnd < 0) {
        if (data.length - scan.at > MAX_CHUNK_LINE) throw protocolError('chunk size line too long');
        return null;
      }
      if (lineEnd - scan.at > MAX_CHUNK_LINE) throw protocolError('chunk size line too long');
      const sizeText = data.subarray(scan.at, lineEnd).toString('latin1').split(';')[0]!.trim();
      if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw protocolError('bad chunk');
      const size = parseInt(sizeText, 16);
      if (scan.total + size > this.maxBody) throw Object.assign(new Error('answer too large'), { code: 'ERR_BODY_TOO_LARGE' });
      const dataStart = lineEnd + 2;
      if (size === 0) {
        // Trailers are not expected; the answer ends with an empty line.
        if (data.length < dataStart + 2) return null;
        if (data.indexOf(CRLF, dataStart) !== dataStart) throw protocolError('trailers after the last chunk');
        return Buffer.concat(scan.parts);
      }
      if (data.length < dataStart + size + 2) return null;
      // Copied: the buffer is reused once this answer is done.
      scan.parts.push(Buffer.from(data.subarray(dataStart, dataStart + size)));
      scan.total += size;
      scan.at = dataStart + size + 2;
    }
  }
}
