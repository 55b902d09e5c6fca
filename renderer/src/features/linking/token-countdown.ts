import type { TokenState } from '../../../../shared/contract';
import { useNow } from '../../lib/ticker';

/**
 * Seconds the current token has left, counted down locally from what the core read (`remainingSec` at `readAt`).
 * Past zero the leader has already made the next token, so the count starts again from the interval until the core
 * reports the new one.
 */
export function tokenSecondsLeft(token: TokenState, now: number): number {
  // A clock reading from before the core's read (the page's ticker last ticked just before it) counts as no time
  // passed: a 120 s token never shows 121.
  const left = token.remainingSec - Math.max(0, now - token.readAt) / 1000;
  if (left > 0) return Math.ceil(left);
  if (token.intervalSec <= 0) return 0;
  const into = -left % token.intervalSec;
  return Math.max(1, Math.ceil(token.intervalSec - into));
}

export function useTokenSecondsLeft(token: TokenState): number {
  return tokenSecondsLeft(token, useNow());
}
