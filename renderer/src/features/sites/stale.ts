// Stale hosts, as the core decides them (electron/core/hosts/stale.ts) but from the views: offline, not pinned,
// last seen longer ago than the staleDays setting. They are listed apart, collapsed, out of the day's way.
import type { ConsoleApi, HostView } from '../../../../shared/contract';
import { confirm } from '../../ui/confirm-store';
import { attempt, notifyInfo } from '../../ui/notify';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_STALE_DAYS = 14;

export function isStaleView(h: HostView, days: number, now: number): boolean {
  if (h.online || h.pinned || !h.lastSeen) return false;
  return now - Date.parse(h.lastSeen) > days * DAY_MS;
}

export function staleViews(hosts: Iterable<HostView>, days: number, now: number): HostView[] {
  const out: HostView[] = [];
  for (const h of hosts) if (isStaleView(h, days, now)) out.push(h);
  return out.sort((a, b) => (a.lastSeen ?? '').localeCompare(b.lastSeen ?? '') || a.name.localeCompare(b.name));
}

export async function forgetAllStale(api: ConsoleApi, count: number, days: number): Promise<void> {
  const ok = await confirm({
    title: `Forget ${count === 1 ? '1 stale host' : `${count} stale hosts`}?`,
    body: `Hosts not seen for more than ${days} days are removed from Fieldlink with their trusted certificates and their own credentials. If one comes back, Fieldlink asks you to check its certificate again.`,
    confirmLabel: 'Forget all stale',
    danger: true,
  });
  if (!ok) return;
  const result = await attempt('Could not forget the stale hosts', () => api['hosts.forgetStale']({}));
  if (result) notifyInfo('Stale hosts forgotten', `${result.forgotten.length} ${result.forgotten.length === 1 ? 'host was' : 'hosts were'} forgotten.`);
}
