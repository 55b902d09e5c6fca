import { createHash } from 'node:crypto';
import { appendFile, readFile, rename, stat, truncate, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileIdentity } from './classify';
import { HashingFileReader, READ_CHUNK_BYTES } from './hash-stream';
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
});
