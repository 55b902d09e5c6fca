// Reads a file once, exactly as long as it was when it was checked, hashing each chunk as it passes: the sha256 the
// host is compared with is the one of the bytes actually sent, and a file that changes under the upload is caught
// instead of reaching the host as a corrupt bundle under an exact Content-Length.
import { createHash, type Hash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConsoleError } from '../../../shared/errors';
import type { FileIdentity } from './classify';
import { formatBytes } from './format';

/** Large reads keep syscalls and promise turns few; three or four of them in flight stay far below the RSS budget. */
export const READ_CHUNK_BYTES = 1024 * 1024;

const codeOf = (err: unknown) => {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'EIO';
};

export class HashingFileReader {
  private readonly hash: Hash | null;
  private read = 0;
  private digestHex: string | null = null;
  readonly name: string;

  constructor(
    readonly file: string,
    readonly expected: FileIdentity,
    opts: { hash: boolean; label?: string } = { hash: true },
  ) {
    this.hash = opts.hash ? createHash('sha256') : null;
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
      // Reads stop at the declared length, so a file that grows cannot overrun the Content-Length. Each chunk is a
      // new buffer: the previous one may still be queued in the socket.
      while (this.read < expected.size) {
        const want = Math.min(READ_CHUNK_BYTES, expected.size - this.read);
        let got: number;
        const chunk = Buffer.allocUnsafe(want);
        try {
          ({ bytesRead: got } = await handle.read(chunk, 0, want, this.read));
        } catch (err) {
          throw new ConsoleError(
            'file-rejected',
            `${name} could not be read any more after ${formatBytes(this.read)} (${codeOf(err)}). Was the drive unplugged? The upload was stopped.`,
          );
        }
        if (got === 0) break;
        const data = got === want ? chunk : chunk.subarray(0, got);
        this.hash?.update(data);
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
      this.digestHex = this.hash?.digest('hex') ?? '';
    } finally {
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
