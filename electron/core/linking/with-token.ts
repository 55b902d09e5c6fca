// link.withToken: copy-and-paste linking with a token from a leader the console may not reach itself. The leader
// named inside the token (when it can be read) is added as a host (source 'token') and used for preflight. A token
// that does not show its leader's address (real ones may be encrypted) is used all the same, and the result says so.
import type { CoreContext } from '../context';
import { ConsoleError } from '../../../shared/errors';
import { leaderFromToken, looksLikeToken } from '../discovery/token-address';
import { displayName, type HostEntry } from '../hosts/entry';
import type { TaskSpec } from '../tasks/task-manager';
import { entryFor, freshen } from './env';
import { linkWithToken } from './link-run';
import { followerReasons } from './preflight';
import { nameOf } from './link-followers';

export function linkWithTokenTask(ctx: CoreContext, ref: string, pasted: string): TaskSpec {
  const f = entryFor(ctx, ref);
  // A base64 token wrapped over lines when it was copied is sent joined up again (whitespace is never base64).
  const joined = pasted.replace(/\s+/g, '');
  const token = looksLikeToken(joined) ? joined : pasted;
  ctx.redact(token);
  ctx.redact(pasted);
  const named = leaderFromToken(token);
  // A token without a port names only the machine: a host Fieldlink already knows at that address is the leader.
  const atAddress = named && !named.portGiven ? ctx.entries.all().filter((e) => e.address === named.address) : [];
  // Several known there (hosts behind one address): which one leads cannot be told, so none is assumed.
  const seen =
    atAddress.length === 1
      ? { entry: atAddress[0]! }
      : named && atAddress.length === 0
        ? ctx.entries.observe({ address: named.address, port: named.port, source: 'token', claimedId: named.id })
        : null;
  const leader: HostEntry | null = seen?.entry ?? null;
  return {
    kind: 'link',
    title: `Link ${displayName(f)} with a pasted token`,
    hosts: [{ hostId: f.key, name: displayName(f) }],
    retry: () => linkWithTokenTask(ctx, f.key, token),
    run: async (task) => {
      const row = task.host(f.key);
      task.phase('Checking the host');
      const failure = await freshen(ctx, f, task.signal);
      // The leader is checked only when Fieldlink can read it; otherwise the follower's own agent decides.
      const leaderKnown = leader && leader !== f && (await freshen(ctx, leader, task.signal)) === null && leader.host ? leader : null;
      const reasons = followerReasons(f, leaderKnown ?? (leader === f ? f : null), failure, (id) => nameOf(ctx, id));
      if (reasons.length) return row.refuse(reasons.join(' '));
      if (!named) row.detail("The token does not show its leader's address; linking with it anyway");
      task.phase('Linking');
      try {
        const outcome = await linkWithToken(f, ctx.entries.clientFor(f), token, task.signal, row);
        const unnamed = named ? '' : " (the token does not show its leader's address, so Fieldlink could not check the leader first)";
        if (outcome.ok) row.succeed(leaderKnown ? `Linked to ${displayName(leaderKnown)}` : `Linked${unnamed}`);
        else {
          // A Retry sends this same token again: after an expired one-time password only a fresh token can help.
          row.fail(new ConsoleError('refused', outcome.expiredOtp ? expiredWords(outcome.message) : `${displayName(f)}: ${outcome.message}`, f.key), {
            repeats: outcome.expiredOtp,
          });
        }
      } catch (err) {
        row.fail(err);
      }
      await Promise.allSettled([ctx.entries.refresh(f, { full: true }), leaderKnown ? ctx.entries.refresh(leaderKnown, { full: true }) : null]);
    },
  };
}

/** The host's words for an expired token, with what to do unless they say it already (the simulator's do). */
function expiredWords(said: string): string {
  return /fresh token/i.test(said) ? said : `${said} Copy a fresh token from the leader and try again.`;
}
