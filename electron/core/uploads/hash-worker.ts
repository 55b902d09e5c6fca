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
    hash.update(slots[m.slot].subarray(0, m.length));
    parentPort.postMessage({ hashed: m.seq });
  }
});
`;

/** One hash on one worker, fed in order from a ring of shared buffers. */
export class SharedBufferHasher {
  /** The ring: read into these, hand them to update(), reuse one only once hashedThrough() says so. */
  readonly buffers: Buffer[];
  private readonly worker: Worker;
  private sent = 0;
  private hashed = 0;
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
    this.worker.postMessage({ slot, length, seq: ++this.sent });
    return this.sent;
  }

  /** Resolves once the `seq`-th update was hashed: its buffer may then be read into again. */
  hashedThrough(seq: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (seq <= this.hashed) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push({ seq, resolve, reject }));
  }

  /** The hex sha256 of everything handed over. */
  digest(): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.digestWaiter = { resolve, reject };
      this.worker.postMessage({ digest: true });
    });
  }

  close(): void {
    this.worker.removeAllListeners('exit');
    // The worker holds nothing to flush; its end needs no waiting, and a failure to end changes nothing here.
    this.worker.terminate().catch(() => undefined);
  }
}
