// Small formatting helpers shared by cards, the list view and the task centre.
import { formatBytes } from '../../../shared/units';

// One formatter for the whole app: toLocaleTimeString() builds a new one per call, which showed up in the profile of
// the first render of 200 cards.
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function clockTime(iso: string | null): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'unknown';
  return timeFormat.format(d);
}

export function seconds(total: number): string {
  const s = Math.max(0, Math.round(total));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const r = s % 60;
  return `${m}:${String(r).padStart(2, '0')}`;
}

/** Sizes in binary units (MiB, GiB), the same words the core writes in its messages. */
export function bytes(n: number): string {
  return formatBytes(n);
}

/** "just now", "12 s ago", "4 min ago", "2 h ago": how long since, read against a ticking clock. */
export function ago(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return 'unknown';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return clockTime(iso);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
