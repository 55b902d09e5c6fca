// What an upload task's state reads as on a card, in the technician's words rather than the core's identifiers.
import type { HostResultState, TaskHostResult, TaskView } from '../../../../shared/contract';
import { bytes, seconds } from '../../lib/format';
import { isActive } from '../../entities/tasks/tasks-store';
import { syncWord as hostSyncWord } from '../../lib/link-words';

const phaseWords: Record<string, string> = {
  queued: 'Waiting for its turn',
  uploading: 'Uploading',
  verifying: 'Verifying on the host',
  syncing: 'Syncing to followers',
};

export type Tone = 'active' | 'done' | 'warn' | 'failed' | 'quiet';

export function stepOf(t: TaskView): { label: string; tone: Tone } {
  if (isActive(t)) {
    // Out of the queue, the core checks the file again and the host's readiness before the first byte.
    if (t.phase === 'queued' && t.hosts[0]?.state === 'running') return { label: 'Checking the file and the host', tone: 'active' };
    return { label: phaseWords[t.phase ?? 'queued'] ?? 'Working', tone: 'active' };
  }
  switch (t.state) {
    case 'succeeded':
      return { label: t.hosts.length > 1 ? 'Done: uploaded, verified and synced' : 'Done: uploaded and verified', tone: 'done' };
    case 'partial':
      return { label: 'Uploaded; not every follower synced', tone: 'warn' };
    case 'cancelled':
      return { label: 'Cancelled', tone: 'quiet' };
    default:
      return { label: 'Failed', tone: 'failed' };
  }
}

/** "1.2 GB of 4.0 GB · 110.0 MB/s · 0:32 left"; speed and time left only while bytes still move. */
export function transferLine(t: TaskView): string | null {
  const p = t.progress;
  if (!p || p.unit !== 'bytes') return null;
  const parts = [`${bytes(p.done)} of ${bytes(p.total)}`];
  const moving = isActive(t) && t.phase === 'uploading';
  if (moving && t.bytesPerSec) parts.push(`${bytes(t.bytesPerSec)}/s`);
  if (moving && t.etaSec !== null) parts.push(`${seconds(t.etaSec)} left`);
  return parts.join(' · ');
}

export function percentOf(t: TaskView): number | null {
  const p = t.progress;
  if (!p || p.unit !== 'bytes' || p.total <= 0) return null;
  return Math.min(100, Math.round((p.done / p.total) * 100));
}

/** The file's name from the task title the core gives ("Upload NAME to HOST"). */
export function fileNameOf(t: TaskView, hostName: string): string {
  const prefix = 'Upload ';
  if (!t.title.startsWith(prefix)) return t.title;
  const suffix = ` to ${hostName}`;
  if (t.title.endsWith(suffix) && t.title.length > prefix.length + suffix.length) return t.title.slice(prefix.length, -suffix.length);
  // The host was renamed since: its old name follows the last " to ".
  const last = t.title.lastIndexOf(' to ');
  return last > prefix.length ? t.title.slice(prefix.length, last) : t.title;
}

// Our word for a row whose leader gave none, in the same words as the leader's table (lib/link-words).
const rowWords: Record<HostResultState, string> = {
  pending: 'sync waiting',
  running: 'syncing',
  succeeded: 'synced',
  failed: 'sync failed',
  refused: 'refused',
  cancelled: 'not followed',
};

/**
 * A follower's sync in the technician's words: the leader's word ('InProgress 40%', the Local UI's 'Syncing 40%' or
 * 'Synced', the core's 'Completed') mapped as the leader's table maps it, else our word for the row's state.
 */
export function syncWord(h: TaskHostResult): string {
  return hostSyncWord(h.detail)?.text ?? rowWords[h.state];
}

export function rowTone(state: HostResultState): Tone {
  if (state === 'succeeded') return 'done';
  if (state === 'failed' || state === 'refused') return 'failed';
  if (state === 'cancelled') return 'quiet';
  return 'active';
}
