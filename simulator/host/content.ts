import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type {
  UploadResponse,
  V1HarborContentSyncStatus,
  V1HarborContentsSyncStatus,
  V1UploadedContentDetails,
} from '../../shared/local-api/types.js';
import { forEachLimited } from './concurrency.js';
import { drain, keepFile, receiveToTempFile, safeFileName, type ReceivedFile } from './content-files.js';
import { ApiError, badRequest, conflict, errorMessage, notFound } from './errors.js';
import { PEER_PATHS } from './peer-paths.js';
import type { GroupMember, UploadRecord } from './persistence.js';
import type { SimHost } from './sim-host.js';

export type UploadKind = UploadRecord['kind'];

type SyncWord = 'Pending' | 'InProgress' | 'Completed' | 'Failed';

interface SyncEntry {
  fileName: string;
  sha256: string;
  size: number;
  status: SyncWord;
  percent: number;
  error?: string;
  target: string;
  startedAt: string;
  finishedAt?: string;
  abort: AbortController;
}

interface Receiving {
  fileName: string;
  status: SyncWord;
  percent: number;
  from: string;
  error?: string;
}

const SYNC_PARALLELISM = 4;
/** A failed sync to a reachable follower is tried again after this long (a follower that was down: at once). */
const RETRY_FAILED_AFTER_MS = 30_000;

/**
 * Uploaded content and its sync: uploads stream to disk with their sha256 computed on the way; the host acting as
 * leader then streams the file to every other member of its group, with progress in each peer's contentSyncStatus.
 */
export class Content {
  private readonly syncs = new Map<string, SyncEntry>();
  private receiving: Receiving | null = null;

  constructor(private readonly host: SimHost) {}

  private get dir(): string {
    return path.join(this.host.config.dir, 'content');
  }

  suspend(): void {
    for (const entry of this.syncs.values()) {
      if (entry.status === 'Pending' || entry.status === 'InProgress') {
        entry.abort.abort();
        Object.assign(entry, { status: 'Failed', error: 'the leader went down during the sync', finishedAt: new Date().toISOString() });
      }
    }
    if (this.receiving && this.receiving.status === 'InProgress') {
      this.receiving = { ...this.receiving, status: 'Failed', error: 'this host went down during the sync' };
    }
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
    if (group && !host.group.isLeader() && !host.linking.isGenerating()) {
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
    this.syncToGroup(record);
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
    const receiving: Receiving = { fileName, status: 'InProgress', percent: 0, from: from.name };
    this.receiving = receiving;
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

  /** contentSyncStatus of a follower, as its leader shows it. */
  syncStatusFor(memberId: string): string {
    const entry = this.syncs.get(memberId);
    if (entry) return word(entry.status, entry.percent);
    const mine = this.host.state.lastUpload?.sha256Hash;
    if (!mine) return 'Completed';
    return this.host.group.contentShaOf(memberId) === mine ? 'Completed' : 'Pending';
  }

  /** contentSyncStatus of the leader entry on a follower: how receiving content from it went. */
  receiveStatus(): string {
    return this.receiving ? word(this.receiving.status, this.receiving.percent) : 'Completed';
  }

  syncStatus(): V1HarborContentsSyncStatus {
    const items: V1HarborContentSyncStatus[] = [];
    const errors: Record<string, string> = {};
    for (const [memberId, entry] of this.syncs) {
      items.push({
        name: entry.fileName,
        contentType: 'artifact',
        size: String(entry.size),
        source: `${this.host.address}:${this.host.port}`,
        target: entry.target,
        status: entry.status === 'Completed' ? 'completed' : entry.status === 'Failed' ? 'failed' : 'pending',
        msg: word(entry.status, entry.percent),
        creationTimestamp: entry.startedAt,
        ...(entry.finishedAt ? { lastSyncTimestamp: entry.finishedAt } : {}),
      });
      if (entry.status === 'Failed') errors[memberId] = entry.error ?? 'sync failed';
    }
    return { pendingItems: items, errors, statusMessage: this.statusMessage() };
  }

  /**
   * Called by the leader whenever it hears from a member: a member without the leader's last upload gets it,
   * unless a sync to it is running, or failed recently while the member stayed reachable.
   */
  onPeerSeen(member: GroupMember, memberSha: string | null, recovered: boolean): void {
    const last = this.host.state.lastUpload;
    if (!last || memberSha === last.sha256Hash) return;
    const entry = this.syncs.get(member.id);
    if (entry && entry.sha256 === last.sha256Hash) {
      if (entry.status === 'Pending' || entry.status === 'InProgress' || entry.status === 'Completed') return;
      const failedAgo = Date.now() - Date.parse(entry.finishedAt ?? entry.startedAt);
      if (!recovered && failedAgo < RETRY_FAILED_AFTER_MS) return;
    }
    void this.syncTo(last, [member]);
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
      for (const entry of this.syncs.values()) entry.abort.abort();
      await Promise.all([rm(previous.storedPath, { force: true }), rm(`${previous.storedPath}.sig`, { force: true })]);
    }
    return record;
  }

  private syncToGroup(record: UploadRecord): void {
    for (const entry of this.syncs.values()) entry.abort.abort();
    this.syncs.clear();
    void this.syncTo(record, this.host.group.others());
  }

  private async syncTo(record: UploadRecord, members: GroupMember[]): Promise<void> {
    const now = new Date().toISOString();
    for (const member of members) {
      this.syncs.get(member.id)?.abort.abort();
      this.syncs.set(member.id, {
        fileName: record.fileName,
        sha256: record.sha256Hash,
        size: record.sizeInBytes,
        status: 'Pending',
        percent: 0,
        target: `${member.address}:${member.port}`,
        startedAt: now,
        abort: new AbortController(),
      });
    }
    await forEachLimited(members, SYNC_PARALLELISM, (member) => this.syncOne(record, member));
  }

  private async syncOne(record: UploadRecord, member: GroupMember): Promise<void> {
    const { host } = this;
    const entry = this.syncs.get(member.id);
    if (!entry || entry.abort.signal.aborted || !host.state.group) return;
    entry.status = 'InProgress';
    try {
      await host.peers.sendFile(
        member,
        PEER_PATHS.content,
        record.storedPath,
        record.sizeInBytes,
        {
          'x-sim-file-name': encodeURIComponent(record.fileName),
          'x-sim-sha256': record.sha256Hash,
          'x-sim-kind': record.kind,
        },
        host.group.credentials(),
        (fraction) => {
          entry.percent = Math.min(99, Math.floor(fraction * 100));
        },
        entry.abort.signal,
      );
      Object.assign(entry, { status: 'Completed', percent: 100, finishedAt: new Date().toISOString() });
    } catch (err) {
      // Superseded by a newer sync, or already failed by suspend() with a better reason.
      if (this.syncs.get(member.id) !== entry || statusOf(entry) === 'Failed') return;
      Object.assign(entry, { status: 'Failed', error: errorMessage(err), finishedAt: new Date().toISOString() });
      if (!host.signal.aborted) host.log(`sync of ${record.fileName} to ${member.name} failed: ${errorMessage(err)}`);
    }
  }

  private statusMessage(): string {
    if (this.receiving?.status === 'InProgress') {
      return `Receiving ${this.receiving.fileName} from ${this.receiving.from}: ${this.receiving.percent}%`;
    }
    const entries = [...this.syncs.values()];
    if (entries.length === 0) return this.host.state.lastUpload ? 'Content is in sync' : 'No content to sync';
    const fileName = entries[0]?.fileName ?? '';
    const done = entries.filter((e) => e.status === 'Completed').length;
    const failed = entries.filter((e) => e.status === 'Failed').length;
    if (done + failed < entries.length) return `Syncing ${fileName}: ${done} of ${entries.length} host(s) completed`;
    if (failed > 0) return `${failed} of ${entries.length} host(s) failed to sync ${fileName}`;
    return `${fileName} synced to ${entries.length} host(s)`;
  }
}

/** Read through a call: the status changes while a sync awaits, which TypeScript's narrowing cannot see. */
function statusOf(entry: SyncEntry): SyncWord {
  return entry.status;
}

function word(status: SyncWord, percent: number): string {
  return status === 'InProgress' ? `InProgress ${percent}%` : status;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
