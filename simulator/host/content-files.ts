// Multi-GB bundles must never sit in memory: files stream to disk with their hash computed on the way.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What the host writes to disk at once. */
const WRITE_BYTES = 1024 * 1024;

export interface ReceivedFile {
  tempPath: string;
  sha256: string;
  size: number;
}

/**
 * Streams a body to a temporary file in `dir`, hashing as it goes: multi-GB bundles are never held in memory and
 * never read twice. The temporary file is removed if the stream fails.
 */
export async function receiveToTempFile(source: Readable, dir: string, onBytes?: (total: number) => void): Promise<ReceivedFile> {
  await mkdir(dir, { recursive: true });
  const tempPath = path.join(dir, `.incoming-${randomBytes(6).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  // The body arrives as one piece per TLS record (16 KiB). Written one by one, each would be a trip through libuv's
  // thread pool, and the host's CPU per GiB would depend on how the sender paces its bytes; gathered into 1 MiB
  // writes, as a real host's buffered writer does, it does not.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      onBytes?.(size);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < WRITE_BYTES) return callback();
      const whole = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      callback(null, whole);
    },
    flush(callback) {
      callback(null, pendingBytes ? Buffer.concat(pending, pendingBytes) : undefined);
    },
  });
  try {
    await pipeline(source, tap, createWriteStream(tempPath, { mode: 0o600 }));
  } catch (err) {
    await rm(tempPath, { force: true });
    throw err;
  }
  return { tempPath, sha256: hash.digest('hex'), size };
}

/** Moves a received file to its final name, replacing an earlier file of the same name. */
export async function keepFile(tempPath: string, finalPath: string): Promise<void> {
  await mkdir(path.dirname(finalPath), { recursive: true });
  await rename(tempPath, finalPath);
}

/** A file name from a client, reduced to a plain name that cannot leave the content directory. */
export function safeFileName(name: string | undefined, fallback: string): string {
  const base = path
    .basename((name ?? '').replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f]/g, '')
    .trim();
  if (!base || base === '.' || base === '..') return fallback;
  return base.length > 200 ? base.slice(base.length - 200) : base;
}

export async function drain(source: Readable): Promise<void> {
  for await (const _chunk of source) {
    // discard: a part nobody asked for must still be read for the form to go on
  }
}
