import type { TokenState } from '../../../../shared/contract';
import { seconds } from '../../lib/format';
import { CountdownRing } from '../../ui/CountdownRing';
import { startLeaderDrag } from './drag-link';
import { useTokenSecondsLeft } from './token-countdown';

interface Props {
  leaderId: string;
  leaderName: string;
  token: TokenState;
}

/**
 * The token as a draggable chip: a ring counting down to the next token. It shows no token text; dragging it onto a
 * host carries only the leader's id, and the core fetches the token itself.
 */
export function TokenRing({ leaderId, leaderName, token }: Props) {
  const left = useTokenSecondsLeft(token);
  const pct = token.intervalSec > 0 ? Math.min(100, (left / token.intervalSec) * 100) : 0;
  const color = left <= 15 ? 'red' : left <= 40 ? 'yellow' : 'teal';
  return (
    <div
      className="fl-row fl-token-chip"
      draggable
      onDragStart={(e) => startLeaderDrag(e, leaderId)}
      aria-label={`Token of ${leaderName}, ${left} seconds left. Drag onto a host to link it.`}
      data-testid={`token-${leaderId}`}
    >
      <CountdownRing
        size={46}
        thickness={5}
        value={pct}
        color={color}
        label={
          <div className="fl-xs fl-strong fl-tabular" style={{ textAlign: 'center' }} role="timer" aria-label="Seconds left on this token">
            {left}
          </div>
        }
      />
      <div className="fl-col" style={{ gap: 0 }}>
        <span className="fl-sm fl-strong">Token</span>
        <span className="fl-xs fl-dim fl-tabular">new in {seconds(left)}</span>
      </div>
    </div>
  );
}
