// Facts that age: "Last seen 12 s ago" reads the shared one-second clock, so it moves on polled hosts too; Health is
// the host's word, or says plainly that the host did not report it.
import { Loader } from '@mantine/core';
import type { HostView } from '../../../../shared/contract';
import { ago } from '../../lib/format';
import { detailWords, hostStateWord } from '../../lib/link-words';
import { useNow } from '../../lib/ticker';
import { useTasksStore } from '../../entities/tasks/tasks-store';
import { Tag } from './badges';

/**
 * The core moves an online host's last-seen time on only every few minutes (so that a site of answering hosts does not
 * re-render every second), and marks it offline within seconds of its silence: an online host was seen just now.
 * Without this, every card of a busy site read "seen 3 min ago" beside "online".
 */
export function LastSeen({ iso, online }: { iso: string | null; online: boolean }) {
  const now = useNow();
  return <span className="fl-tabular">{online ? 'just now' : ago(iso, now)}</span>;
}

export function healthText(h: HostView['health']): string {
  return h === 'Healthy' ? 'healthy' : h === 'Unhealthy' ? 'unhealthy' : 'not reported';
}

export function HealthTag({ health }: { health: HostView['health'] }) {
  if (!health) return null;
  return (
    <Tag color={health === 'Healthy' ? 'green' : 'red'} variant="light">
      {healthText(health)}
    </Tag>
  );
}

/** The compact card's third line: what a task is doing to the host right now, else its address. */
export function AddressOrActivity({ host }: { host: HostView }) {
  const activity = useTasksStore((s) => s.activityByHost[host.id]);
  if (activity) {
    return (
      <div className="fl-row fl-xs fl-activity-line" aria-live="polite">
        <Loader size={10} />
        <span className="fl-truncate" title={activity.title}>
          {activity.title}: {detailWords(activity.detail, activity.kind) ?? hostStateWord[activity.state] ?? activity.state}
        </span>
      </div>
    );
  }
  return (
    <div className="fl-row fl-xs fl-dim fl-activity-line" aria-live="polite">
      <span className="fl-tabular fl-truncate" title={`${host.address}:${host.port}`}>
        {host.address}:{host.port}
      </span>
    </div>
  );
}
