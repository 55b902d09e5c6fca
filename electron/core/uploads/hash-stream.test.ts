import { createHash, randomBytes } from 'node:crypto';
import { appendFile, readFile, rename, stat, truncate, unlink, utimes, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import got from 'got';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileIdentity } from './classify';
import { HashingFileReader, READ_CHUNK_BYTES, RING_BUFFERS } from './hash-stream';
import { MultipartBody } from './multipart-body';
import { makeFile, tempDir } from '../../test-kit/uploads';

let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ dir, remove } = await tempDir()));
afterAll(() => remove());

async function identity(file: string): Promise<FileIdentity> {
  const s = await stat(file);
  return { size: s.size, dev: s.dev, ino: s.ino, mtimeMs: s.mtimeMs };
}

/** Reads the whole file through the reader, running `during` after the first chunk. */
async function drain(reader: HashingFileReader, during?: () => Promise<void>): Promise<number> {
  let chunks = 0;
  for await (const chunk of reader.chunks()) {
    if (chunks++ === 0) await during?.();
    expect(chunk.length).toBeLessThanOrEqual(READ_CHUNK_BYTES);
  }
  return chunks;
}

describe('HashingFileReader', () => {
  it('yields the file in bounded chunks and hashes it in the same pass', async () => {
    const file = await makeFile(dir, 'a.tar.zst', 2 * READ_CHUNK_BYTES + 123);
    const reader = new HashingFileReader(file.path, await identity(file.path));
    expect(await drain(reader)).toBe(3);
    expect(reader.bytesRead).toBe(file.size);
    expect(reader.digest()).toBe(file.sha256);
    expect(file.sha256).toBe(
      createHash('sha256')
        .update(await readFile(file.path))
        .digest('hex'),
    );
  });

  it('refuses a file that changed between its check and its upload', async () => {
    const file = await makeFile(dir, 'b.tar.zst', 1000);
    const checked = await identity(file.path);
    await appendFile(file.path, 'more');
    await expect(drain(new HashingFileReader(file.path, checked))).rejects.toThrow(/b\.tar\.zst changed after it was checked/);
  });

  it('stops when the file gets shorter during the read', async () => {
    const file = await makeFile(dir, 'c.tar.zst', 4 * READ_CHUNK_BYTES);
    const reader = new HashingFileReader(file.path, await identity(file.path));
    await expect(drain(reader, () => truncate(file.path, READ_CHUNK_BYTES + 10))).rejects.toThrow(
      /^c\.tar\.zst got shorter while it was being uploaded: only 1 MiB of 4 MiB could be read/,
    );
    expect(() => reader.digest()).toThrow();
  });

  it('notices a file deleted, replaced or rewritten during the read although every byte could be read', async () => {
    const deleted = await makeFile(dir, 'd.tar.zst', 2 * READ_CHUNK_BYTES);
    await expect(drain(new HashingFileReader(deleted.path, await identity(deleted.path)), () => unlink(deleted.path))).rejects.toThrow(
      /d\.tar\.zst was deleted while it was being uploaded/,
    );

    const replaced = await makeFile(dir, 'e.tar.zst', 2 * READ_CHUNK_BYTES);
    const other = path.join(dir, 'other');
    await writeFile(other, 'x');
    await expect(drain(new HashingFileReader(replaced.path, await identity(replaced.path)), () => rename(other, replaced.path))).rejects.toThrow(
      /e\.tar\.zst was replaced by another file/,
    );

    const touched = await makeFile(dir, 'f.tar.zst', 2 * READ_CHUNK_BYTES);
    await expect(
      drain(new HashingFileReader(touched.path, await identity(touched.path)), () => utimes(touched.path, new Date(), new Date(2001, 1, 1))),
    ).rejects.toThrow(/f\.tar\.zst was changed while it was being uploaded/);
  });

  it('reads no further than the checked length when the file grows', async () => {
    const file = await makeFile(dir, 'g.tar.zst', 2 * READ_CHUNK_BYTES);
    const reader = new HashingFileReader(file.path, await identity(file.path));
    await expect(drain(reader, () => appendFile(file.path, Buffer.alloc(READ_CHUNK_BYTES)))).rejects.toThrow(/was changed while it was being uploaded/);
    expect(reader.bytesRead).toBe(2 * READ_CHUNK_BYTES);
  });

  it('hashes on a worker thread for large files, with the same sha256', async () => {
    const file = await distinctFile('w.tar.zst', 3 * RING_BUFFERS * READ_CHUNK_BYTES + 77);
    const reader = new HashingFileReader(file.path, await identity(file.path), { hash: true, worker: true });
    expect(await drain(reader)).toBe(3 * RING_BUFFERS + 1);
    expect(reader.digest()).toBe(file.sha256);
  });

  it.each([false, true])('sends exactly the bytes it hashed through a socket that applies backpressure, its buffers reused (worker: %s)', async (worker) => {
    // Every MiB differs: a buffer reused too early would send another MiB's bytes, and the host's hash would differ.
    const file = await distinctFile(`r-${worker}.tar.zst`, 3 * RING_BUFFERS * READ_CHUNK_BYTES + 5);
    const reader = new HashingFileReader(file.path, await identity(file.path), { hash: true, worker });
    const body = new MultipartBody([{ field: 'uploadFile', fileName: 'r.tar.zst', size: file.size, open: () => reader.chunks() }]);
    const received: Buffer[] = [];
    // A slow host: it stops reading for a while at first and then now and then, so the kernel's buffers fill and
    // the sender's chunks queue up in its streams.
    const server = createServer((req, res) => {
      let n = 0;
      req.on('data', (c: Buffer) => {
        received.push(Buffer.from(c));
        if (n++ % 64 === 0) {
          req.pause();
          setTimeout(() => req.resume(), n === 1 ? 300 : 20);
        }
      });
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      await got.post(`http://127.0.0.1:${port}/`, {
        body: body.stream(),
        headers: { 'content-type': body.contentType, 'content-length': String(body.length) },
      });
      const all = Buffer.concat(received);
      expect(all.length).toBe(body.length);
      const sent = createHash('sha256')
        .update(all.subarray(body.firstDataOffset, body.firstDataOffset + file.size))
        .digest('hex');
      expect(sent).toBe(file.sha256);
      expect(reader.digest()).toBe(file.sha256);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/** A file whose every MiB is different random bytes; answers its path, size and sha256. */
async function distinctFile(name: string, size: number): Promise<{ path: string; size: number; sha256: string }> {
  const bytes = randomBytes(size);
  bytes.set([0x28, 0xb5, 0x2f, 0xfd]);
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return { path: file, size, sha256: createHash('sha256').update(bytes).digest('hex') };
}
