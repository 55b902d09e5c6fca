// Every task the core reported, plus an index of what each host is doing now, kept reference-stable so a card only
// re-renders when its own line changes.
import { create } from 'zustand';
import type { HostResultState, TaskKind, TaskView } from '../../../../shared/contract';

export interface HostActivity {
  taskId: string;
  kind: TaskKind;
  title: string;
  state: HostResultState;
  detail: string | null;
  message: string | null;
}

export interface TasksState {
  byId: Record<string, TaskView>;
  activityByHost: Record<string, HostActivity>;
  replaceAll(tasks: TaskView[]): void;
  apply(tasks: TaskView[]): void;
  remove(ids: string[]): void;
}

export const finalStates = new Set(['succeeded', 'failed', 'partial', 'cancelled']);
export const isFinal = (t: TaskView) => finalStates.has(t.state);
export const isActive = (t: TaskView) => t.state === 'queued' || t.state === 'running';

function sameActivity(a: HostActivity | undefined, b: HostActivity): boolean {
  return !!a && a.taskId === b.taskId && a.state === b.state && a.detail === b.detail && a.message === b.message && a.title === b.title;
}

function indexActivity(byId: Record<string, TaskView>, previous: Record<string, HostActivity>): Record<string, HostActivity> {
  const next: Record<string, HostActivity> = {};
  // Oldest first, so a newer task on the same host wins.
  const active = Object.values(byId)
    .filter(isActive)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  for (const t of active) {
    for (const h of t.hosts) {
      if (h.state === 'succeeded' || h.state === 'failed' || h.state === 'refused' || h.state === 'cancelled') continue;
      const entry: HostActivity = { taskId: t.id, kind: t.kind, title: t.title, state: h.state, detail: h.detail, message: h.message };
      const prev = previous[h.hostId];
      next[h.hostId] = sameActivity(prev, entry) ? prev! : entry;
    }
  }
  return next;
}

export const useTasksStore = create<TasksState>()((set) => ({
  byId: {},
  activityByHost: {},
  replaceAll(tasks) {
    const byId: Record<string, TaskView> = {};
    for (const t of tasks) byId[t.id] = t;
    set((s) => ({ byId, activityByHost: indexActivity(byId, s.activityByHost) }));
  },
  apply(tasks) {
    if (tasks.length === 0) return;
    set((s) => {
      const byId = { ...s.byId };
      for (const t of tasks) {
        const known = byId[t.id];
        // Events can cross on the bridge; a task that ended never runs again (a retry is a new task).
        if (known && isFinal(known) && !isFinal(t)) continue;
        byId[t.id] = t;
      }
      return { byId, activityByHost: indexActivity(byId, s.activityByHost) };
    });
  },
  remove(ids) {
    set((s) => {
      const byId = { ...s.byId };
      for (const id of ids) delete byId[id];
      return { byId, activityByHost: indexActivity(byId, s.activityByHost) };
    });
  },
}));

export function selectRunningCount(s: TasksState): number {
  let n = 0;
  for (const t of Object.values(s.byId)) if (isActive(t)) n += 1;
  return n;
}

export function selectUploadsRunning(s: TasksState): number {
  let n = 0;
  for (const t of Object.values(s.byId)) if (t.kind === 'upload' && isActive(t)) n += 1;
  return n;
}
