// What the operating system shows about tasks: one taskbar/dock progress bar for all running uploads, and a native
// notification when a task ends while the user is looking at something else.
import type { TaskView } from '../../shared/contract';

export interface ProgressBarState {
  /** For `BrowserWindow.setProgressBar`: 0..1, or -1 to remove the bar. */
  value: number;
  mode: 'none' | 'normal' | 'indeterminate';
}

const NO_BAR: ProgressBarState = { value: -1, mode: 'none' };

/**
 * Keeps the latest view of every running upload (from 'tasks.changed') and answers the combined progress: bytes
 * done over bytes to send. An upload without a known size yet makes the bar indeterminate rather than wrong.
 */
export class UploadProgress {
  private readonly running = new Map<string, TaskView>();

  update(task: TaskView): ProgressBarState {
    if (task.kind !== 'upload') return this.state();
    if (task.state === 'running' || task.state === 'queued') this.running.set(task.id, task);
    else this.running.delete(task.id);
    return this.state();
  }

  state(): ProgressBarState {
    const tasks = [...this.running.values()];
    if (tasks.length === 0) return NO_BAR;
    let done = 0;
    let total = 0;
    for (const task of tasks) {
      const progress = task.progress;
      if (!progress || progress.unit !== 'bytes' || progress.total <= 0) return { value: 2, mode: 'indeterminate' };
      done += Math.min(progress.done, progress.total);
      total += progress.total;
    }
    return { value: Math.min(1, done / total), mode: 'normal' };
  }
}

export interface NotificationText {
  title: string;
  body: string;
}

const outcome: Record<TaskView['state'], string | null> = {
  succeeded: 'Done',
  failed: 'Failed',
  partial: 'Partly done',
  cancelled: 'Cancelled',
  queued: null,
  running: null,
};

/** The text of the native notification for a task that ended, or null when it has not ended. */
export function notificationFor(task: TaskView): NotificationText | null {
  const word = outcome[task.state];
  if (!word) return null;
  const failedHosts = task.hosts.filter((h) => h.state === 'failed' || h.state === 'refused');
  let body: string;
  if (task.state === 'failed' && task.error) body = task.error.message;
  else if (failedHosts.length > 0) body = `${failedHosts.length} of ${task.hosts.length} hosts did not finish.`;
  else if (task.hosts.length > 1) body = `${task.hosts.length} hosts.`;
  else body = task.hosts[0]?.name ?? '';
  // Titles and messages can carry host names from mDNS: plain text only, and short.
  return { title: clip(`${word}: ${task.title}`, 120), body: clip(body, 240) };
}

function clip(text: string, max: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
