// Multi-GB bundles must never sit in memory: files stream to disk with their hash computed on the way.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

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
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      onBytes?.(size);
      callback(null, chunk);
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
