// A task as a card shows it: progress at most once a second (a multi-GB upload would otherwise repaint its numbers
// faster than anyone reads them, and a site may run several at once), but a change of state or phase at once, so
// "Verifying", "Failed" or "Done" never lags behind.
import { useEffect, useRef, useState } from 'react';
import type { TaskView } from '../../../../shared/contract';
import { useTasksStore } from '../../entities/tasks/tasks-store';

export const PROGRESS_REFRESH_MS = 1000;

/** Changes that show at once: state, phase, a host row's state, and the first byte count (so it never starts late). */
function sameStep(a: TaskView | null, b: TaskView | null): boolean {
  if (!a || !b) return a === b;
  return (
    a.state === b.state &&
    a.phase === b.phase &&
    (a.progress === null) === (b.progress === null) &&
    a.hosts.length === b.hosts.length &&
    a.hosts.every((h, i) => h.state === b.hosts[i]!.state)
  );
}

const readTask = (taskId: string): TaskView | null => useTasksStore.getState().byId[taskId] ?? null;

export function useThrottledTask(taskId: string, intervalMs = PROGRESS_REFRESH_MS): TaskView | null {
  const [shown, setShown] = useState<TaskView | null>(() => readTask(taskId));
  const shownRef = useRef(shown);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastShownAt = 0;
    const show = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      lastShownAt = Date.now();
      const next = readTask(taskId);
      shownRef.current = next;
      setShown(next);
    };
    show();
    const unsubscribe = useTasksStore.subscribe((s) => {
      const next = s.byId[taskId] ?? null;
      if (next === shownRef.current) return;
      if (!sameStep(shownRef.current, next)) return show();
      if (timer) return;
      const wait = lastShownAt + intervalMs - Date.now();
      if (wait <= 0) show();
      else timer = setTimeout(show, wait);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [taskId, intervalMs]);

  return shown;
}
