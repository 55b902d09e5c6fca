// Task-based commands (link, unlink, stop-token, make-leader, upload) return a task id at once; the CLI follows the
// task through 'tasks.changed' to its 'tasks.ended', drawing one progress line on a terminal only.
import type { TaskView } from '../../shared/contract';
import type { Session } from './session';
import { sleep } from './wait';

export interface ProgressSink {
  /** Replaces the progress line; null clears it. */
  show(line: string | null): void;
}

/** A progress line on stderr when it is a terminal; nothing at all otherwise (pipes, CI logs, tests). */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  let shown = false;
  return {
    show(line) {
      if (!stream.isTTY) return;
      if (line === null) {
        if (shown) stream.write('\r\x1b[K');
        shown = false;
        return;
      }
      stream.write(`\r\x1b[K${line.slice(0, Math.max(20, (stream.columns ?? 80) - 1))}`);
      shown = true;
    },
  };
}

export function describeProgress(task: TaskView): string {
  const parts = [task.title];
  if (task.phase) parts.push(task.phase);
  if (task.progress) {
    const { done, total, unit } = task.progress;
    parts.push(unit === 'bytes' ? `${Math.round((done / Math.max(total, 1)) * 100)} %` : `${done}/${total} ${unit}`);
  }
  if (task.etaSec !== null) parts.push(`about ${Math.ceil(task.etaSec)} s left`);
  return parts.join(' · ');
}

const finalStates = new Set(['succeeded', 'failed', 'partial', 'cancelled']);

export interface TaskFollower {
  /** Starts the task(s) with `start` and resolves with each one's final view, in the order of the ids. */
  run(start: () => Promise<string[]>): Promise<TaskView[]>;
  /** Asks the core to cancel what is running (Ctrl+C). */
  cancelAll(): Promise<void>;
}

export function followTasks(session: Session, progress: ProgressSink): TaskFollower {
  const running = new Set<string>();
  return {
    async run(start) {
      const ended = new Map<string, TaskView>();
      const latest = new Map<string, TaskView>();
      let wake: () => void = () => {};
      // Subscribed before the start, so an end that comes at once is not missed.
      const offEnded = session.on('tasks.ended', (task) => {
        ended.set(task.id, task);
        wake();
      });
      const offChanged = session.on('tasks.changed', (task) => {
        if (!running.has(task.id)) return;
        latest.set(task.id, task);
        progress.show([...latest.values()].map(describeProgress).join('  |  '));
      });
      try {
        const ids = await start();
        for (const id of ids) running.add(id);
        while (ids.some((id) => !ended.has(id))) {
          await Promise.race([new Promise<void>((resolve) => (wake = resolve)), sleep(1000)]);
          // Safety net: read the task list in case an end event went to nobody (e.g. a task that was already over).
          if (ids.some((id) => !ended.has(id))) {
            for (const task of await session.call('tasks.list', {})) {
              if (ids.includes(task.id) && finalStates.has(task.state)) ended.set(task.id, task);
            }
          }
        }
        return ids.map((id) => ended.get(id)!);
      } finally {
        offEnded();
        offChanged();
        progress.show(null);
        running.clear();
      }
    },
    async cancelAll() {
      await Promise.allSettled([...running].map((taskId) => session.call('tasks.cancel', { taskId })));
    },
  };
}
