import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { READ_CHUNK_BYTES, WORKER_HASH_MIN_BYTES } from './hash-stream';
import { StreamSource } from './stream-source';

/** The bytes in pieces of uneven sizes, as a socket delivers them. */
async function* pieces(bytes: Buffer, sizes = [65536, 1000, 300_000, 7]): AsyncGenerator<Uint8Array> {
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length]!;
    yield new Uint8Array(bytes.buffer, bytes.byteOffset + at, Math.min(n, bytes.length - at));
    at += n;
  }
}

/** Reads the source through, copying each chunk at once (the ring reuses its buffers). */
async function drain(source: StreamSource): Promise<{ bytes: Buffer; sizes: number[] }> {
  const copies: Buffer[] = [];
  for await (const chunk of source.chunks()) copies.push(Buffer.from(chunk));
  return { bytes: Buffer.concat(copies), sizes: copies.map((c) => c.length) };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('StreamSource', () => {
  it.each([3 * READ_CHUNK_BYTES + 12_345, WORKER_HASH_MIN_BYTES + 99])(
    'gathers the pieces of %i bytes into whole buffers, passes every byte in order, and hashes them',
    async (size) => {
      const bytes = randomBytes(size);
      const source = new StreamSource('drop.tar.zst', size, pieces(bytes));
      const { bytes: out, sizes } = await drain(source);
      expect(out.equals(bytes)).toBe(true);
      expect(sizes.slice(0, -1).every((n) => n === READ_CHUNK_BYTES)).toBe(true);
      expect(sizes.at(-1)).toBe(size % READ_CHUNK_BYTES);
      expect(source.bytesRead).toBe(size);
      expect(source.digest()).toBe(sha(bytes));
    },
  );

  it('stops when the page sends more or fewer bytes than it declared, and can be read only once', async () => {
    const bytes = randomBytes(100_000);
    await expect(drain(new StreamSource('a.tar.zst', 99_999, pieces(bytes)))).rejects.toThrow(/The browser sent more of a\.tar\.zst than its/);
    const short = new StreamSource('b.tar.zst', 100_001, pieces(bytes));
    await expect(drain(short)).rejects.toThrow(/Only 97\.7 KiB of 97\.7 KiB of b\.tar\.zst arrived from the browser/);
    expect(() => short.digest()).toThrow();
    await expect(drain(short)).rejects.toThrow(/could not be sent again from the browser/);
  });
});
