// One notification when a task ends, saying how it went in the core's own words.
import { notifications } from '@mantine/notifications';
import type { TaskView } from '../../../../shared/contract';

const colors: Record<string, string> = { succeeded: 'green', partial: 'yellow', failed: 'red', cancelled: 'gray' };
const verbs: Record<string, string> = { succeeded: 'done', partial: 'partly done', failed: 'failed', cancelled: 'cancelled' };

export function taskSummary(t: TaskView): string {
  if (t.error) return t.error.message;
  const bad = t.hosts.filter((h) => h.state === 'failed' || h.state === 'refused');
  const ok = t.hosts.filter((h) => h.state === 'succeeded').length;
  if (t.hosts.length === 0) return t.state === 'succeeded' ? 'Finished.' : 'Ended.';
  const lines = [`${ok} of ${t.hosts.length} ${t.hosts.length === 1 ? 'host' : 'hosts'} succeeded.`];
  for (const h of bad.slice(0, 3)) lines.push(`${h.name}: ${h.message ?? h.state}`);
  if (bad.length > 3) lines.push(`…and ${bad.length - 3} more; see the task centre.`);
  return lines.join('\n');
}

export function notifyTaskEnded(t: TaskView): void {
  notifications.show({
    id: `task-${t.id}`,
    color: colors[t.state] ?? 'blue',
    title: `${t.title}: ${verbs[t.state] ?? t.state}`,
    message: taskSummary(t),
    autoClose: t.state === 'succeeded' ? 5_000 : 12_000,
    style: { whiteSpace: 'pre-line' },
  });
}
