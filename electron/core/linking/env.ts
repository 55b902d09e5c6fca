// The small steps the linking actions share. Every linking action works through the core's one narrow context
// (context.ts): entries read-only, changed through ctx.entries.update, the poller held through ctx.entries.hold.
import { ConsoleError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { hostLabel, type HostEntry } from '../hosts/entry';
import { MISSES_FOR_OFFLINE } from '../hosts/monitor';
import { forEachLimited, sleep } from '../util/limit';

/** The entry a command names; re-resolved at run time, so a retry finds a host that was re-keyed meanwhile. */
export function entryFor(ctx: CoreContext, ref: string): HostEntry {
  return ctx.entries.require(ref);
}

/**
 * Reads a host's state afresh, as a person asked (so a login that failed before is tried once more). Returns the
 * failure instead of throwing: preflight turns it into a reason.
 */
export async function freshen(ctx: CoreContext, e: HostEntry, signal?: AbortSignal): Promise<ConsoleError | null> {
  try {
    if (e.online !== true) {
      // One refused connection is not an offline host (an agent's web server restarting): asked again at short
      // intervals until the monitor's rule (several misses in a row, or 10 s of silence) decides.
      let alive = await ctx.entries.ping(e);
      for (let tries = 1; !alive && e.online !== false && tries < MISSES_FOR_OFFLINE && !signal?.aborted; tries++) {
        await sleep(400, signal);
        alive = await ctx.entries.ping(e);
      }
      if (!alive) {
        return new ConsoleError(
          'unreachable',
          e.offlineReason ?? `${hostLabel(e)} does not answer: check that it is on and on this network, then try again.`,
          e.key,
        );
      }
    }
    if (e.cert.verdict !== 'trusted') return null; // readiness() explains it
    await ctx.entries.refresh(e, { full: true, userInitiated: true, signal });
    return null;
  } catch (err) {
    if (err instanceof ConsoleError) return err;
    throw err;
  }
}

/** Reads are small and cheap for a host; a large selection is checked quickly without flooding anyone. */
const FRESHEN_CONCURRENCY = 16;

export async function freshenAll(ctx: CoreContext, entries: HostEntry[], signal?: AbortSignal): Promise<Map<HostEntry, ConsoleError | null>> {
  const out = new Map<HostEntry, ConsoleError | null>();
  await forEachLimited(entries, FRESHEN_CONCURRENCY, async (e) => void out.set(e, await freshen(ctx, e, signal)), signal);
  return out;
}

/** The follower's agent reported an OTP that expired between our read of the token and its use. */
export function isExpiredOtp(message: string | null | undefined): boolean {
  return !!message && /expired/i.test(message) && /one-time|otp|token/i.test(message);
}
