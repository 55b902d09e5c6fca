// The hosts' link and sync words (Pending, InProgress 40%, Completed, Failed) as a technician reads them. A raw state
// word never reaches the screen: it is mapped here, or shown lower-cased when a host invents a new one.
import type { PeerView } from '../../../shared/contract';

export type LinkTone = 'done' | 'active' | 'waiting' | 'failed' | 'unknown';

export interface Worded {
  text: string;
  tone: LinkTone;
}

const percentOf = (raw: string) => /(\d{1,3})\s*%/.exec(raw)?.[1];

function word(raw: string | null, words: { waiting: string; active: string; done: string; failed: string }): Worded | null {
  if (!raw || !raw.trim()) return null;
  const s = raw.trim();
  const pct = percentOf(s);
  if (/^pending/i.test(s)) return { text: words.waiting, tone: 'waiting' };
  if (/^(inprogress|in progress|syncing|linking)/i.test(s)) return { text: pct ? `${words.active} ${pct}%` : words.active, tone: 'active' };
  if (/^(completed|complete|linked|done|synced|success)/i.test(s)) return { text: words.done, tone: 'done' };
  if (/^(failed|error)/i.test(s)) return { text: words.failed, tone: 'failed' };
  return { text: s.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(), tone: 'unknown' };
}

export function linkWord(raw: string | null): Worded | null {
  return word(raw, { waiting: 'waiting to link', active: 'linking', done: 'linked', failed: 'link failed' });
}

export function syncWord(raw: string | null): Worded | null {
  return word(raw, { waiting: 'sync waiting', active: 'syncing', done: 'synced', failed: 'sync failed' });
}

/**
 * A phrase a task row carries ("InProgress 40%", or a spec-only host's "Syncing 40%") in words: link words for a link
 * task, sync words otherwise (an upload follows its followers' sync). Anything that is not a state word passes
 * unchanged.
 */
export function detailWords(detail: string | null, kind?: string): string | null {
  if (!detail) return detail;
  const words = kind === 'link' ? linkWord : syncWord;
  return detail.replace(/\b(Pending|InProgress|Syncing|Synced|Completed|Failed)\b(\s*\d{1,3}\s*%)?/g, (m) => words(m)?.text ?? m);
}

/** A host row's state in a task, as a technician says it. */
export const hostStateWord: Record<string, string> = {
  pending: 'waiting',
  running: 'working',
  succeeded: 'done',
  failed: 'failed',
  refused: 'refused',
  cancelled: 'cancelled',
};

export interface GroupCounts {
  total: number;
  linked: number;
  failed: number;
  /** Null when no follower reports a content sync state. */
  synced: number | null;
}

export function groupCounts(peers: PeerView[]): GroupCounts {
  let linked = 0;
  let failed = 0;
  let synced = 0;
  let syncKnown = false;
  for (const p of peers) {
    const l = linkWord(p.status);
    // A follower the leader lists with a status the hosts did not define counts as linked: it is in the table.
    if (!l || l.tone === 'done' || l.tone === 'unknown') linked += 1;
    else if (l.tone === 'failed') failed += 1;
    if (p.contentSyncStatus) {
      syncKnown = true;
      if (syncWord(p.contentSyncStatus)?.tone === 'done') synced += 1;
    }
  }
  return { total: peers.length, linked, failed, synced: syncKnown ? synced : null };
}
