// Reads a file once, exactly as long as it was when it was checked, hashing each chunk as it passes: the sha256 the
// host is compared with is the one of the bytes actually sent, and a file that changes under the upload is caught
// instead of reaching the host as a corrupt bundle under an exact Content-Length.
import { createHash, type Hash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConsoleError } from '../../../shared/errors';
import type { FileIdentity } from './classify';
import { formatBytes } from './format';
import { HASH_BATCH_CHUNKS, SharedBufferHasher } from './hash-worker';

/** Large reads keep syscalls and promise turns few; three or four of them in flight stay far below the RSS budget. */
export const READ_CHUNK_BYTES = 1024 * 1024;

/** Chunks a consumer may buffer ahead of the socket (MultipartBody's stream): reading goes on while the socket sends. */
export const READ_AHEAD_CHUNKS = 4;

/**
 * Read buffers are taken in turn from a ring of this many, per reader: a fresh buffer per read costs the kernel a
 * page fault per 4 KiB and the GC a collection every few hundred MiB (about 0.25 s of CPU per GiB, measured), on a
 * machine whose other core is busy receiving the same bytes. A chunk therefore stays valid until RING_BUFFERS - 1
 * further chunks were read. The upload's consumer holds at most READ_AHEAD_CHUNKS + 2 (its read-ahead, the socket
 * write in flight, the chunk being read); a consumer that kept chunks longer would send other bytes than were
 * hashed, which the sha256 check after the upload reports, never silently. The worker is handed chunks in batches
 * (HASH_BATCH_CHUNKS), so that many more are held until it hashes them.
 */
export const RING_BUFFERS = READ_AHEAD_CHUNKS + 4 + HASH_BATCH_CHUNKS;

/** From this size on the sha256 is computed on a worker thread (hash-worker.ts); below, starting one costs more. */
export const WORKER_HASH_MIN_BYTES = 16 * 1024 * 1024;

/**
 * The buffers an upload's bytes pass through, taken in turn (RING_BUFFERS of them), with the sha256 of what is
 * committed: on a worker thread for large files, here for small ones, or none. For the file reader below and the
 * browser's streamed files (stream-source.ts).
 */
export class ChunkRing {
  private readonly buffers: Buffer[];
  private readonly slots: number;
  private readonly bytes: number;
  private readonly hasher: SharedBufferHasher | null;
  private readonly hash: Hash | null;
  private turn = 0;

  constructor(totalBytes: number, hashing: 'none' | 'here' | 'worker') {
    this.bytes = Math.max(1, Math.min(READ_CHUNK_BYTES, totalBytes));
    this.slots = Math.max(1, Math.min(RING_BUFFERS, Math.ceil(totalBytes / READ_CHUNK_BYTES)));
    this.hasher = hashing === 'worker' ? new SharedBufferHasher(this.slots, this.bytes) : null;
    this.hash = hashing === 'here' ? createHash('sha256') : null;
    this.buffers = this.hasher?.buffers ?? [];
  }

  /** The next buffer to fill (READ_CHUNK_BYTES, or the whole file when smaller), once nothing still needs it. */
  async next(): Promise<Buffer> {
    const slot = this.turn % this.slots;
    // The worker must be done with the buffer's previous bytes (the consumer is, see RING_BUFFERS).
    if (this.hasher && this.turn >= this.slots) await this.hasher.hashedThrough(this.turn - this.slots + 1);
    this.turn++;
    return (this.buffers[slot] ??= Buffer.allocUnsafeSlow(this.bytes));
  }

  /** Hashes the first `length` bytes of the buffer next() gave last; answers them as the chunk to send. */
  commit(buffer: Buffer, length: number): Buffer {
    const data = length === buffer.length ? buffer : buffer.subarray(0, length);
    this.hash?.update(data);
    this.hasher?.update((this.turn - 1) % this.slots, length);
    return data;
  }

  /** The hex sha256 of everything committed ('' when not hashing). */
  async digest(): Promise<string> {
    if (this.hasher) return this.hasher.digest();
    return this.hash?.digest('hex') ?? '';
  }

  close(): void {
    this.hasher?.close();
  }
}

/** How an upload of `size` bytes is hashed: on a worker from WORKER_HASH_MIN_BYTES on, unless told. */
export function hashingFor(size: number, hash: boolean, worker?: boolean): 'none' | 'here' | 'worker' {
  if (!hash) return 'none';
  return (worker ?? size >= WORKER_HASH_MIN_BYTES) ? 'worker' : 'here';
}

const codeOf = (err: unknown) => {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'EIO';
};

export class HashingFileReader {
  private readonly hashing: 'none' | 'here' | 'worker';
  private read = 0;
  private digestHex: string | null = null;
  readonly name: string;

  constructor(
    readonly file: string,
    readonly expected: FileIdentity,
    opts: { hash: boolean; label?: string; worker?: boolean } = { hash: true },
  ) {
    this.hashing = hashingFor(expected.size, opts.hash, opts.worker);
    this.name = opts.label ?? path.basename(file);
  }

  get bytesRead(): number {
    return this.read;
  }

  /** The sha256 (hex) of every byte yielded; only once the whole file was read and found unchanged. */
  digest(): string {
    if (this.digestHex === null) throw new Error('the file was not read to its end');
    return this.digestHex;
  }

  /** Yields the file's bytes; throws a ConsoleError ('file-rejected') when the file is not what was checked. */
  async *chunks(): AsyncGenerator<Buffer> {
    const { name, expected } = this;
    let handle;
    let ring: ChunkRing | null = null;
    try {
      handle = await open(this.file, 'r');
    } catch (err) {
      throw new ConsoleError(
        'file-rejected',
        codeOf(err) === 'ENOENT'
          ? `${name} is no longer there. Check that the drive is still plugged in.`
          : `${name} cannot be opened any more (${codeOf(err)}).`,
      );
    }
    try {
      const before = await handle.stat();
      if (before.ino !== expected.ino || before.dev !== expected.dev || before.size !== expected.size || before.mtimeMs !== expected.mtimeMs) {
        throw new ConsoleError(
          'file-rejected',
          `${name} changed after it was checked (its size or date is different now). Check the file and upload it again.`,
        );
      }
      // Reads stop at the declared length, so a file that grows cannot overrun the Content-Length.
      ring = new ChunkRing(expected.size, this.hashing);
      while (this.read < expected.size) {
        const want = Math.min(READ_CHUNK_BYTES, expected.size - this.read);
        let got: number;
        const chunk = await ring.next();
        try {
          ({ bytesRead: got } = await handle.read(chunk, 0, want, this.read));
        } catch (err) {
          throw new ConsoleError(
            'file-rejected',
            `${name} could not be read any more after ${formatBytes(this.read)} (${codeOf(err)}). Was the drive unplugged? The upload was stopped.`,
          );
        }
        if (got === 0) break;
        const data = ring.commit(chunk, got);
        this.read += got;
        yield data;
      }
      if (this.read !== expected.size) {
        throw new ConsoleError(
          'file-rejected',
          `${name} got shorter while it was being uploaded: only ${formatBytes(this.read)} of ${formatBytes(expected.size)} could be read. Was it changed or deleted? The upload was stopped; the host keeps nothing of it.`,
        );
      }
      await this.checkUnchanged(await handle.stat());
      this.digestHex = await ring.digest();
    } finally {
      ring?.close();
      // A close that fails after the read ended changes nothing the upload reports; the read's own outcome stands.
      await handle.close().catch(() => undefined);
    }
  }

  /**
   * After the last byte: the open file still reads in full when it was deleted or replaced meanwhile (POSIX keeps
   * it alive), so the name is looked up again. A file gone or rewritten mid-upload is most likely not the one the
   * technician means to install.
   */
  private async checkUnchanged(after: { size: number; mtimeMs: number }): Promise<void> {
    const { name, expected } = this;
    if (after.size !== expected.size || after.mtimeMs !== expected.mtimeMs) {
      throw new ConsoleError(
        'file-rejected',
        `${name} was changed while it was being uploaded. The upload was stopped; upload it again once the file is final.`,
      );
    }
    let now;
    try {
      now = await stat(this.file);
    } catch (err) {
      throw new ConsoleError(
        'file-rejected',
        codeOf(err) === 'ENOENT'
          ? `${name} was deleted while it was being uploaded. The upload was stopped; the host keeps nothing of it.`
          : `${name} cannot be found any more (${codeOf(err)}). The upload was stopped.`,
      );
    }
    if (now.ino !== expected.ino || now.dev !== expected.dev) {
      throw new ConsoleError('file-rejected', `${name} was replaced by another file while it was being uploaded. The upload was stopped; upload it again.`);
    }
  }
}
