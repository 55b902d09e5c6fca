// Stale hosts: known from an earlier visit, offline now, not pinned by the technician, and not seen for the
// staleDays setting. The renderer lists them apart, collapsed (renderer/src/features/sites/stale.ts mirrors this
// rule on the views); hosts.forgetStale forgets them all at once.
import type { HostEntry } from './entry';

const DAY_MS = 24 * 60 * 60 * 1000;

/** `held`: a task is working on the host (monitor.isHeld); such a host is never stale. Required, so no caller forgets it. */
export function isStaleEntry(e: HostEntry, days: number, now: number, held: (e: HostEntry) => boolean): boolean {
  if (e.online === true || e.pinnedUi || held(e)) return false;
  const last = e.lastAnswerAt ?? e.lastSeenShown;
  return last !== null && now - last > days * DAY_MS;
}

export function staleEntries(entries: readonly HostEntry[], days: number, now: number, held: (e: HostEntry) => boolean): HostEntry[] {
  return entries.filter((e) => isStaleEntry(e, days, now, held));
}
