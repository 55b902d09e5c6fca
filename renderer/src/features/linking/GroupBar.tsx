// "7 of 9 linked" and "5 of 9 synced" with a bar each: how far a leader's group is, in words and figures.
import { Progress } from '@mantine/core';
import type { PeerView } from '../../../../shared/contract';
import { groupCounts } from '../../lib/link-words';

function Bar({ label, done, total, color }: { label: string; done: number; total: number; color: string }) {
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <div className="fl-col" style={{ gap: 2 }}>
      <span className="fl-xs fl-tabular">{label}</span>
      <Progress size="sm" value={pct} color={color} aria-label={label} />
    </div>
  );
}

export function GroupBar({ peers }: { peers: PeerView[] }) {
  const c = groupCounts(peers);
  if (c.total === 0) return null;
  return (
    <div className="fl-row fl-group-bars">
      <div className="fl-grow">
        <Bar
          label={`${c.linked} of ${c.total} linked${c.failed ? `, ${c.failed} failed` : ''}`}
          done={c.linked}
          total={c.total}
          color={c.failed ? 'red' : 'teal'}
        />
      </div>
      {c.synced !== null && (
        <div className="fl-grow">
          <Bar label={`${c.synced} of ${c.total} synced`} done={c.synced} total={c.total} color="blue" />
        </div>
      )}
    </div>
  );
}
