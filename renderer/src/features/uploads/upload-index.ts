// Which upload a card shows. Every card asks on every task event, so the answer for all hosts is computed once per
// change of the task list and shared; a card then reads a short string and re-renders only when its own changes.
import type { TaskView } from '../../../../shared/contract';
import { isActive } from '../../entities/tasks/tasks-store';

export interface HostUpload {
  taskId: string;
  /** Further uploads to this host waiting behind the shown one. */
  waiting: number;
}

type ById = Record<string, TaskView>;

/** The host a task uploads to: its first host row (the core adds the target first), else what we started it for. */
export function targetOf(t: TaskView, targets: Record<string, string>): string | undefined {
  return t.hosts[0]?.hostId ?? targets[t.id];
}

function build(byId: ById, targets: Record<string, string>, dismissed: Record<string, true>): Map<string, HostUpload> {
  const perHost = new Map<string, TaskView[]>();
  for (const t of Object.values(byId)) {
    if (t.kind !== 'upload' || dismissed[t.id]) continue;
    const host = targetOf(t, targets);
    if (!host) continue;
    const list = perHost.get(host);
    if (list) list.push(t);
    else perHost.set(host, [t]);
  }
  const index = new Map<string, HostUpload>();
  for (const [host, tasks] of perHost) {
    const active = tasks.filter(isActive).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    if (active.length > 0) {
      // The one moving bytes (or following its sync) first; the rest wait in the core's queue behind it.
      const shown = active.find((t) => t.state === 'running' && t.phase !== 'queued') ?? active[0]!;
      index.set(host, { taskId: shown.id, waiting: active.length - 1 });
      continue;
    }
    const last = tasks.reduce((a, b) => ((b.endedAt ?? b.startedAt) > (a.endedAt ?? a.startedAt) ? b : a));
    index.set(host, { taskId: last.id, waiting: 0 });
  }
  return index;
}

let memo: { byId: ById; targets: Record<string, string>; dismissed: Record<string, true>; index: Map<string, HostUpload> } | null = null;

export function uploadIndex(byId: ById, targets: Record<string, string>, dismissed: Record<string, true>): Map<string, HostUpload> {
  if (!memo || memo.byId !== byId || memo.targets !== targets || memo.dismissed !== dismissed) {
    memo = { byId, targets, dismissed, index: build(byId, targets, dismissed) };
  }
  return memo.index;
}

/** A primitive for a zustand selector: equal strings mean nothing changed for this card. */
export function hostUploadKey(index: Map<string, HostUpload>, hostId: string): string {
  const u = index.get(hostId);
  return u ? `${u.taskId}\n${u.waiting}` : '';
}

export function parseHostUploadKey(key: string): HostUpload | null {
  if (!key) return null;
  const [taskId, waiting] = key.split('\n');
  return { taskId: taskId!, waiting: Number(waiting) };
}
