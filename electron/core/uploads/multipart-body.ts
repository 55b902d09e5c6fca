// multipart/form-data built by hand as preamble + file bytes + epilogue, so its exact length is known before the
// first byte (got sends no Content-Length for a stream, and progress needs a total) and the file is streamed with
// backpressure rather than buffered. Each stream() call starts afresh: a retry must never reuse a consumed stream.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { READ_AHEAD_CHUNKS, READ_CHUNK_BYTES } from './hash-stream';

export interface BodyPart {
  /** The form field: 'uploadFile' or 'signature'. */
  field: string;
  fileName: string;
  size: number;
  /** The part's bytes, exactly `size` of them; called once per stream(). */
  open(): AsyncIterable<Buffer>;
}

const CRLF = '\r\n';

/**
 * A header parameter as browsers write it (WHATWG HTML: CR, LF and '"' percent-escaped, other text as UTF-8), with
 * an RFC 5987 `filename*` for names beyond ASCII, which servers built on Go's mime package and busboy both read.
 */
function dispositionFor(field: string, fileName: string): string {
  const quoted = (s: string) => s.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
  const ascii = /^[\x20-\x7e]*$/.test(fileName);
  const extended = ascii
    ? ''
    : `; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
  return `Content-Disposition: form-data; name="${quoted(field)}"; filename="${quoted(fileName)}"${extended}`;
}

export function newBoundary(): string {
  // 192 random bits: a bundle's bytes containing the delimiter by chance is not a practical concern.
  return `----FieldlinkBoundary${randomBytes(24).toString('hex')}`;
}

export class MultipartBody {
  readonly contentType: string;
  /** The exact number of bytes stream() produces: the Content-Length. */
  readonly length: number;
  /** Where the first part's data starts in the body: sent bytes minus this are file bytes. */
  readonly firstDataOffset: number;
  private readonly heads: Buffer[];
  private readonly tail: Buffer;

  constructor(
    private readonly parts: BodyPart[],
    readonly boundary: string = newBoundary(),
  ) {
    if (parts.length === 0) throw new Error('a multipart body needs at least one part');
    this.contentType = `multipart/form-data; boundary=${boundary}`;
    this.heads = parts.map((part, i) =>
      Buffer.from(
        `${i === 0 ? '' : CRLF}--${boundary}${CRLF}${dispositionFor(part.field, part.fileName)}${CRLF}Content-Type: application/octet-stream${CRLF}${CRLF}`,
        'utf8',
      ),
    );
    this.tail = Buffer.from(`${CRLF}--${boundary}--${CRLF}`, 'utf8');
    this.length = this.heads.reduce((n, h) => n + h.length, 0) + parts.reduce((n, p) => n + p.size, 0) + this.tail.length;
    this.firstDataOffset = this.heads[0]!.length;
  }

  /**
   * A new stream of the whole body. It errors (never pads or cuts) when a part's bytes do not match its size. With
   * `start`, nothing is read (not even the file opened) before it resolves.
   */
  stream(start?: Promise<void>): Readable {
    const { parts, heads, tail } = this;
    async function* body(): AsyncGenerator<Buffer> {
      if (start) await start;
      for (const [i, part] of parts.entries()) {
        yield heads[i]!;
        let sent = 0;
        for await (const chunk of part.open()) {
          sent += chunk.length;
          if (sent > part.size) break;
          yield chunk;
        }
        // A wrong length would make the host read the next part as file data, or wait for bytes that never come.
        if (sent !== part.size) throw new Error(`part ${part.field} gave ${sent} bytes instead of ${part.size}`);
      }
      yield tail;
    }
    // Byte mode, a few chunks read ahead: the next chunks are read and hashed while the socket sends, so the host
    // never waits for the file (with one chunk the host sat idle a third of the time). The file reader reuses its
    // buffers on the promise that no more than these are held (hash-stream.ts, RING_BUFFERS).
    return Readable.from(body(), { objectMode: false, highWaterMark: READ_AHEAD_CHUNKS * READ_CHUNK_BYTES });
  }
}
