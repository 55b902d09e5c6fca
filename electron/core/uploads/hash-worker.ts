// The sha256 of an upload, computed on a worker thread while the main thread reads and sends: hashing is the
// largest piece of the console's own CPU in an upload (about 0.6 s per GiB), and on the main thread it runs in turn
// with the TLS encryption instead of beside it. The chunks are not copied: the reader's buffers live in shared
// memory, and the worker reads them while the socket sends them (both only read them).
import { Worker } from 'node:worker_threads';

// Plain CommonJS, evaluated as the worker's script: no file to find next to the bundle (CLI, Electron, tests).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hash = createHash('sha256');
let slots = [];
parentPort.on('message', (m) => {
  if (m.slots) slots = m.slots.map((s) => Buffer.from(s));
  else if (m.digest) parentPort.postMessage({ digest: hash.digest('hex') });
  else {
    for (let i = 0; i < m.chunks.length; i += 2) hash.update(slots[m.chunks[i]].subarray(0, m.chunks[i + 1]));
    parentPort.postMessage({ hashed: m.seq });
  }
});
`;

/**
 * Chunks handed to the worker per message. A message wakes a sleeping thread, which costs about 0.1 to 0.3 ms of
 * CPU on the machines measured: per 1 MiB chunk that was 0.13 s per GiB in the CLI and 0.35 s in `serve` beside
 * Chromium. The ring must hold this many chunks more than its consumer keeps (hash-stream.ts, RING_BUFFERS).
 */
export const HASH_BATCH_CHUNKS = 4;

/** One hash on one worker, fed in order from a ring of shared buffers. */
export class SharedBufferHasher {
  /** The ring: read into these, hand them to update(), reuse one only once hashedThrough() says so. */
  readonly buffers: Buffer[];
  private readonly worker: Worker;
  private sent = 0;
  private hashed = 0;
  /** Handed over but not yet posted: slot, length, slot, length... */
  private pending: number[] = [];
  private failure: Error | null = null;
  private waiting: { seq: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  private digestWaiter: { resolve: (hex: string) => void; reject: (err: Error) => void } | null = null;

  constructor(count: number, bytes: number) {
    const shared = Array.from({ length: count }, () => new SharedArrayBuffer(bytes));
    this.buffers = shared.map((s) => Buffer.from(s));
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    // The hash never keeps the process alive: a CLI that ends or a core that closes just drops it.
    this.worker.unref();
    this.worker.postMessage({ slots: shared });
    this.worker.on('message', (m: { hashed?: number; digest?: string }) => {
      if (m.digest !== undefined) {
        this.digestWaiter?.resolve(m.digest);
        this.digestWaiter = null;
        return;
      }
      this.hashed = m.hashed ?? this.hashed;
      this.waiting = this.waiting.filter((w) => (w.seq <= this.hashed ? (w.resolve(), false) : true));
    });
    const fail = (err: Error) => {
      this.failure ??= err;
      for (const w of this.waiting) w.reject(err);
      this.waiting = [];
      this.digestWaiter?.reject(err);
      this.digestWaiter = null;
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the hashing thread ended (code ${code})`)));
  }

  /** Hashes the first `length` bytes of buffers[slot], after everything handed over before; answers its number. */
  update(slot: number, length: number): number {
    if (this.failure) throw this.failure;
    this.pending.push(slot, length);
    this.sent++;
    if (this.pending.length >= 2 * HASH_BATCH_CHUNKS) this.flush();
    return this.sent;
  }

  /** Resolves once the `seq`-th update was hashed: its buffer may then be read into again. */
  hashedThrough(seq: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (seq <= this.hashed) return Promise.resolve();
    // The chunk may still be waiting for its batch: nothing else would send it.
    this.flush();
    return new Promise((resolve, reject) => this.waiting.push({ seq, resolve, reject }));
  }

  /** The hex sha256 of everything handed over. */
  digest(): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    this.flush();
    return new Promise((resolve, reject) => {
      this.digestWaiter = { resolve, reject };
      this.worker.postMessage({ digest: true });
    });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.worker.postMessage({ chunks: this.pending, seq: this.sent });
    this.pending = [];
  }

  close(): void {
    this.worker.removeAllListeners('exit');
    // The worker holds nothing to flush; its end needs no waiting, and a failure to end changes nothing here.
    this.worker.terminate().catch(() => undefined);
  }
}
