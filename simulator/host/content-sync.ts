// After an upload the leader copies the file to its followers; the console follows that through sync words.
import type { V1HarborContentSyncStatus, V1HarborContentsSyncStatus } from '../../shared/local-api/types';
import { syncWord, type SyncStage } from './api-profile';
import { forEachLimited } from './concurrency';
import { errorMessage } from './errors';
import { PEER_PATHS } from './peer-paths';
import type { GroupMember, UploadRecord } from './persistence';
import type { ContentSyncPart, GroupPart, HostCore } from './host-parts';

/** Where a sync stands; the word a host shows for it depends on its API profile (api-profile.ts). */
type SyncWord = SyncStage;

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
  /** A failed sync is not tried again before this time, unless the member was just seen coming back. */
  retryAfter: number;
  abort: AbortController;
}

/** A follower's side of a sync: what it is receiving from the acting leader. */
export interface Receiving {
  fileName: string;
  status: SyncWord;
  percent: number;
  from: string;
  error?: string;
}

const SYNC_PARALLELISM = 4;
/** A failed sync to a reachable follower is tried again after this long (a follower that was down: at once). */
const RETRY_FAILED_AFTER_MS = 30_000;

/** The members of the host this part uses (host-parts.ts). */
type SyncHost = HostCore & { group: Pick<GroupPart, 'contentShaOf' | 'credentials' | 'others'> };

/**
 * The host acting as leader streams its last upload to every other member of the group, a few at a time, and keeps
 * per-member progress for `peers[].contentSyncStatus` and the content sync-status endpoint.
 */
export class ContentSync implements ContentSyncPart {
  private readonly syncs = new Map<string, SyncEntry>();
  private receiving: Receiving | null = null;

  constructor(private readonly host: SyncHost) {}

  suspend(): void {
    for (const entry of this.syncs.values()) {
      if (entry.status === 'Pending' || entry.status === 'InProgress') {
        entry.abort.abort();
        // Interrupted by this host's own outage: worth trying again as soon as it is back.
        Object.assign(entry, { status: 'Failed', error: 'the leader went down during the sync', finishedAt: new Date().toISOString(), retryAfter: 0 });
      }
    }
    if (this.receiving && this.receiving.status === 'InProgress') {
      this.receiving = { ...this.receiving, status: 'Failed', error: 'this host went down during the sync' };
    }
  }

  /** A new upload replaces whatever was being synced: every other member gets it. */
  toGroup(record: UploadRecord): void {
    this.stopAll();
    this.syncs.clear();
    this.host.background(`syncing ${record.fileName}`, this.syncTo(record, this.host.group.others()));
  }

  /** Stops every running sync (their file is about to be replaced). */
  stopAll(): void {
    for (const entry of this.syncs.values()) entry.abort.abort();
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
      if (!recovered && Date.now() < entry.retryAfter) return;
    }
    this.host.background(`syncing ${last.fileName} to ${member.name}`, this.syncTo(last, [member]));
  }

  /** Members that left the group drop out of the sync view, and a sync still running to them stops. */
  forgetAllBut(memberIds: Set<string>): void {
    for (const [id, entry] of this.syncs) {
      if (memberIds.has(id)) continue;
      entry.abort.abort();
      this.syncs.delete(id);
    }
  }

  /** Follower side: starts tracking a file being received; the caller updates it as bytes arrive. */
  startReceiving(fileName: string, from: string): Receiving {
    this.receiving = { fileName, status: 'InProgress', percent: 0, from };
    return this.receiving;
  }

  /** contentSyncStatus of a follower, as its leader shows it. */
  statusFor(memberId: string): string {
    const entry = this.syncs.get(memberId);
    if (entry) return this.word(entry.status, entry.percent);
    const mine = this.host.state.lastUpload?.sha256Hash;
    if (!mine) return this.word('Completed', 100);
    return this.word(this.host.group.contentShaOf(memberId) === mine ? 'Completed' : 'Pending', 0);
  }

  /** contentSyncStatus of the leader entry on a follower: how receiving content from it went. */
  receiveStatus(): string {
    return this.receiving ? this.word(this.receiving.status, this.receiving.percent) : this.word('Completed', 100);
  }

  /** `GET cluster/registry/content/sync-status/details` (v1HarborContentsSyncStatus). */
  view(): V1HarborContentsSyncStatus {
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
        msg: this.word(entry.status, entry.percent),
        creationTimestamp: entry.startedAt,
        ...(entry.finishedAt ? { lastSyncTimestamp: entry.finishedAt } : {}),
      });
      if (entry.status === 'Failed') errors[memberId] = entry.error ?? 'sync failed';
    }
    return { pendingItems: items, errors, statusMessage: this.statusMessage() };
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
        retryAfter: 0,
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
        { 'x-sim-file-name': encodeURIComponent(record.fileName), 'x-sim-sha256': record.sha256Hash, 'x-sim-kind': record.kind },
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
      Object.assign(entry, {
        status: 'Failed',
        error: errorMessage(err),
        finishedAt: new Date().toISOString(),
        retryAfter: Date.now() + RETRY_FAILED_AFTER_MS,
      });
      if (!host.signal.aborted) host.log(`sync of ${record.fileName} to ${member.name} failed: ${errorMessage(err)}`);
    }
  }

  private word(stage: SyncWord, percent: number): string {
    return syncWord(this.host.config.api, stage, percent);
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
