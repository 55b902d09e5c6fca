// Uploads are the procedure's last step: a host stores what it is sent and reports the last upload for verification.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { UploadResponse, V1UploadedContentDetails } from '../../shared/local-api/types';
import { drain, keepFile, receiveToTempFile, safeFileName, type ReceivedFile } from './content-files';
import { ApiError, badRequest, conflict, errorMessage, notFound } from './errors';
import { ContentSync } from './content-sync';
import type { GroupMember, UploadRecord } from './persistence';
import type { GroupPart, HostCore, TokenPart } from './host-parts';

export type UploadKind = UploadRecord['kind'];

/** The members of the host this part uses (host-parts.ts). */
type ContentHost = HostCore & {
  group: Pick<GroupPart, 'isLeader' | 'leader' | 'contentShaOf' | 'credentials' | 'others'>;
  tokens: Pick<TokenPart, 'isGenerating'>;
};

/**
 * Uploaded content: uploads stream to disk with their sha256 computed on the way, and the last one is what
 * `uploaded-content/details` reports. The host acting as leader then syncs it to its group (content-sync.ts).
 */
export class Content {
  readonly sync: ContentSync;

  constructor(private readonly host: ContentHost) {
    this.sync = new ContentSync(host);
  }

  private get dir(): string {
    return path.join(this.host.config.dir, 'content');
  }

  suspend(): void {
    this.sync.suspend();
  }

  details(): V1UploadedContentDetails {
    const last = this.host.state.lastUpload;
    if (!last) throw notFound('No content has been uploaded to this host');
    return {
      fileName: last.fileName,
      sha256Hash: last.sha256Hash,
      sizeInBytes: last.sizeInBytes,
      sizeInMiB: round(last.sizeInBytes / 2 ** 20),
      sizeInGiB: round(last.sizeInBytes / 2 ** 30),
      uploadDateTime: last.uploadDateTime,
    };
  }

  async upload(request: FastifyRequest, kind: UploadKind): Promise<UploadResponse> {
    const { host } = this;
    const group = host.state.group;
    if (group && !host.group.isLeader() && !host.tokens.isGenerating()) {
      throw conflict(
        `This host is a follower of ${host.group.leader()?.name ?? 'another host'}: upload content on the leader, which syncs it to its followers`,
      );
    }
    if (!request.isMultipart()) {
      throw badRequest("Expected multipart/form-data with the file in the field 'uploadFile'");
    }

    const incoming = path.join(this.dir, '.incoming');
    let main: (ReceivedFile & { fileName: string }) | null = null;
    let signature: ReceivedFile | null = null;
    try {
      for await (const part of request.parts()) {
        if (part.type !== 'file') continue;
        if (part.fieldname === 'uploadFile' && !main) {
          main = { ...(await receiveToTempFile(part.file, incoming)), fileName: safeFileName(part.filename, `${kind}.bin`) };
        } else if (part.fieldname === 'signature' && !signature) {
          signature = await receiveToTempFile(part.file, incoming);
        } else {
          await drain(part.file);
        }
      }
    } catch (err) {
      await Promise.all([main, signature].map((f) => f && rm(f.tempPath, { force: true })));
      // A client that went away gets no answer anyway; anything else wrong in the body is the client's error.
      if (err instanceof ApiError || request.raw.socket.destroyed) throw err;
      const status = (err as { statusCode?: number }).statusCode;
      if (status && status >= 400 && status < 500) throw err;
      throw badRequest(`The multipart body is malformed: ${errorMessage(err)}`);
    }
    if (!main) {
      if (signature) await rm(signature.tempPath, { force: true });
      throw badRequest("The multipart field 'uploadFile' is required");
    }

    const record = await this.store(kind, main, main.fileName, signature);
    this.sync.toGroup(record);
    return { message: `${record.fileName} uploaded (${record.sizeInBytes} bytes)`, uploadPath: record.storedPath };
  }

  /** Peer path: a file streamed by the member acting as leader. */
  async receive(from: GroupMember, body: Readable, headers: Record<string, string | string[] | undefined>): Promise<{ message: string }> {
    const header = (name: string) => {
      const value = headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const fileName = safeFileName(decodeURIComponent(header('x-sim-file-name') ?? ''), 'content.bin');
    const sha256 = header('x-sim-sha256') ?? '';
    const kind: UploadKind = header('x-sim-kind') === 'clusterconfig' ? 'clusterconfig' : 'content';
    const size = Number(header('content-length') ?? 0);
    const receiving = this.sync.startReceiving(fileName, from.name);
    let file: ReceivedFile;
    try {
      file = await receiveToTempFile(body, path.join(this.dir, '.incoming'), (bytes) => {
        receiving.percent = size > 0 ? Math.floor((bytes / size) * 100) : 0;
      });
    } catch (err) {
      Object.assign(receiving, { status: 'Failed', error: errorMessage(err) });
      throw err;
    }
    if (file.sha256 !== sha256 || (size > 0 && file.size !== size)) {
      await rm(file.tempPath, { force: true });
      Object.assign(receiving, { status: 'Failed', error: 'checksum mismatch' });
      throw badRequest(`Received ${file.size} bytes with sha256 ${file.sha256}, expected ${size} bytes with ${sha256}`);
    }
    await this.store(kind, file, fileName, null);
    Object.assign(receiving, { status: 'Completed', percent: 100 });
    return { message: `${fileName} received` };
  }

  private async store(kind: UploadKind, file: ReceivedFile, fileName: string, signature: ReceivedFile | null): Promise<UploadRecord> {
    const { host } = this;
    const storedPath = path.join(this.dir, kind, fileName);
    await keepFile(file.tempPath, storedPath);
    if (signature) await keepFile(signature.tempPath, `${storedPath}.sig`);
    const previous = host.state.lastUpload;
    const record: UploadRecord = {
      kind,
      fileName,
      sha256Hash: file.sha256,
      sizeInBytes: file.size,
      uploadDateTime: new Date().toISOString(),
      storedPath,
    };
    host.state.lastUpload = record;
    host.persist();
    if (previous && previous.storedPath !== storedPath) {
      // Older syncs may still read the previous file: stop them before it goes, to keep disk use bounded.
      this.sync.stopAll();
      await Promise.all([rm(previous.storedPath, { force: true }), rm(`${previous.storedPath}.sig`, { force: true })]);
    }
    return record;
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
