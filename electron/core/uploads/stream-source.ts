// A file that arrives as a stream rather than a path: the browser console's dropped File, piped from the page's
// request body (electron/bridge/upload-route.ts). It is read once, hashed as it passes, and never stored: the sha256
// the host is checked against is that of the bytes that went out, exactly as for a file read from disk. The page's
// pieces (64 KiB socket reads) are gathered into the reader's 1 MiB buffers on the way: a sixteenth of the TLS
// writes and stream turns, and the sha256 computed on a worker thread for large files (hash-stream.ts).
import { ConsoleError } from '../../../shared/errors';
import { kindOfName, type UploadKind } from './classify';
import { formatBytes } from './format';
import { ChunkRing, hashingFor } from './hash-stream';

export class StreamSource {
  readonly kind: UploadKind;
  private read = 0;
  private opened = false;
  private digestHex: string | null = null;

  constructor(
    readonly name: string,
    readonly size: number,
    private readonly source: AsyncIterable<Buffer | Uint8Array>,
  ) {
    const kind = kindOfName(name);
    if (!kind) {
      throw new ConsoleError('file-rejected', `${name} is neither a content bundle (.tar.zst) nor a cluster definition (.tgz). Nothing was uploaded.`);
    }
    if (!Number.isSafeInteger(size) || size <= 0) throw new ConsoleError('file-rejected', `${name} is empty. Nothing was uploaded.`);
    this.kind = kind;
  }

  get bytesRead(): number {
    return this.read;
  }

  digest(): string {
    if (this.digestHex === null) throw new Error('the stream was not read to its end');
    return this.digestHex;
  }

  /** The file's bytes, exactly `size` of them. A second call fails: the page sent them once and kept no copy. */
  async *chunks(): AsyncGenerator<Buffer> {
    if (this.opened) {
      throw new ConsoleError('file-rejected', `${this.name} could not be sent again from the browser (the host asked for it twice). Drop the file again.`);
    }
    this.opened = true;
    const ring = new ChunkRing(this.size, hashingFor(this.size, true));
    try {
      let buffer: Buffer | null = null;
      let filled = 0;
      for await (const piece of this.source) {
        const data = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        if (this.read + data.length > this.size) {
          throw new ConsoleError(
            'file-rejected',
            `The browser sent more of ${this.name} than its ${formatBytes(this.size)}. The upload was stopped; drop the file again.`,
          );
        }
        for (let at = 0; at < data.length;) {
          buffer ??= await ring.next();
          const copied = data.copy(buffer, filled, at);
          at += copied;
          filled += copied;
          this.read += copied;
          // A full buffer goes on; so does the last, short one, once every declared byte is in.
          if (filled === buffer.length || this.read === this.size) {
            yield ring.commit(buffer, filled);
            buffer = null;
            filled = 0;
          }
        }
      }
      if (this.read !== this.size) {
        throw new ConsoleError(
          'file-rejected',
          `Only ${formatBytes(this.read)} of ${formatBytes(this.size)} of ${this.name} arrived from the browser (the page was closed or reloaded?). The host keeps nothing of it; drop the file again.`,
        );
      }
      this.digestHex = await ring.digest();
    } finally {
      ring.close();
    }
  }
}
