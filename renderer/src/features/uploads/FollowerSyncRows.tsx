// After an upload to a leader: one line per follower with its sync in the leader table's words, until it ends.
import type { TaskHostResult } from '../../../../shared/contract';
import { rowTone, syncWord } from './upload-words';

export function FollowerSyncRows({ rows, leaderName }: { rows: TaskHostResult[]; leaderName: string }) {
  if (rows.length === 0) return null;
  return (
    <ul className="fl-upload-rows" aria-label={`Sync from ${leaderName} to its followers`}>
      {rows.map((h) => {
        const word = syncWord(h);
        const ended = h.state === 'failed' || h.state === 'refused' || h.state === 'cancelled';
        return (
          <li key={h.hostId} aria-label={`${h.name}: ${word}${ended && h.message ? `. ${h.message}` : ''}`} title={h.message ?? undefined}>
            <span className="fl-truncate">{h.name}</span>
            <span className="fl-upload-tone fl-tabular" data-tone={rowTone(h.state)}>
              {word}
            </span>
            {ended && h.message && <span className="fl-upload-message fl-dim">{h.message}</span>}
          </li>
        );
      })}
    </ul>
  );
}
