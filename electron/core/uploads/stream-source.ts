// A file that arrives as a stream rather than a path: the browser console's dropped File, piped from the page's
// request body (electron/bridge/upload-route.ts). It is read once, hashed as it passes, and never stored: the sha256
// the host is checked against is that of the bytes that went out, exactly as for a file read from disk.
import { createHash } from 'node:crypto';
import { ConsoleError } from '../../../shared/errors';
import { kindOfName, type UploadKind } from './classify';
import { formatBytes } from './format';

export class StreamSource {
  readonly kind: UploadKind;
  private readonly hash = createHash('sha256');
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
    for await (const piece of this.source) {
      const data = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      if (this.read + data.length > this.size) {
        throw new ConsoleError(
          'file-rejected',
          `The browser sent more of ${this.name} than its ${formatBytes(this.size)}. The upload was stopped; drop the file again.`,
        );
      }
      this.hash.update(data);
      this.read += data.length;
      yield data;
    }
    if (this.read !== this.size) {
      throw new ConsoleError(
        'file-rejected',
        `Only ${formatBytes(this.read)} of ${formatBytes(this.size)} of ${this.name} arrived from the browser (the page was closed or reloaded?). The host keeps nothing of it; drop the file again.`,
      );
    }
    this.digestHex = this.hash.digest('hex');
  }
}
