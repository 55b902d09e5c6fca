// Facts that age: "Last seen 12 s ago" reads the shared one-second clock, so it moves on polled hosts too; Health is
// the host's word, or says plainly that the host did not report it.
import type { HostView } from '../../../../shared/contract';
import { ago } from '../../lib/format';
import { useNow } from '../../lib/ticker';
import { Tag } from './badges';

export function LastSeen({ iso }: { iso: string | null }) {
  const now = useNow();
  return <span className="fl-tabular">{ago(iso, now)}</span>;
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

/** One line under the compact card's title: address, health, and how long since the host last answered. */
export function CompactFacts({ host }: { host: HostView }) {
  return (
    <div className="fl-row fl-xs fl-dim">
      <span className="fl-tabular fl-truncate" title={`${host.address}:${host.port}`}>
        {host.address}:{host.port}
      </span>
      <span className="fl-grow" />
      <span>
        seen <LastSeen iso={host.lastSeen} />
      </span>
    </div>
  );
}
