// Unlinking a follower, from its leader (unlink?peerId=<follower>) or on the follower itself. Only a follower can
// be unlinked, and only while it is Ready (not In-Use).
//
// On the follower the spec does not say whose id `peerId` is. The console sends its leader's id first: `peerId`
// names "the peer" to unlink from, and a follower's link status lists exactly one peer, its leader (the Local UI's
// Unlink button on a follower takes no choice, which fits). When the agent answers 400 the follower's own id is
// tried once, and the id that worked is remembered per agent version (docs/real-hosts.md).
import type { CoreContext } from '../context';
import { ConsoleError } from '../../../shared/errors';
import { paths } from '../../../shared/local-api/types';
import type { AgentClient, Answer } from '../agent/client';
import { answerError, hostMessage } from '../agent/errors';
import type { UnlinkPeer } from '../store/unlink-choice';
import { displayName, type HostEntry } from '../hosts/entry';
import { roleOf } from '../hosts/view';
import type { TaskSpec } from '../tasks/task-manager';
import { entryFor, freshen } from './env';
import { readiness } from './preflight';

function leaderOf(ctx: CoreContext, f: HostEntry): HostEntry | null {
  const { leaderId } = roleOf(f);
  const all = ctx.entries.all();
  if (leaderId) {
    const known = all.find((e) => e.confirmedId === leaderId);
    if (known) return known;
  }
  // The follower may be offline: a leader that lists it will do.
  return all.find((e) => f.confirmedId && e.link?.peers.some((p) => p.id === f.confirmedId && p.role === 'follower')) ?? null;
}

export function unlinkTask(ctx: CoreContext, ref: string, fromLeader: boolean): TaskSpec {
  const f = entryFor(ctx, ref);
  return {
    kind: 'unlink',
    title: fromLeader ? `Unlink ${displayName(f)} from its leader` : `Unlink ${displayName(f)} (on the host)`,
    hosts: [{ hostId: f.key, name: displayName(f) }],
    retry: () => unlinkTask(ctx, f.key, fromLeader),
    run: async (task) => {
      const row = task.host(f.key);
      task.phase('Checking the hosts');
      const fFailure = await freshen(ctx, f, task.signal);
      const followerId = f.confirmedId;
      if (!followerId) return row.refuse(readiness(f, fFailure).join(' ') || `The identity of ${displayName(f)} is not confirmed yet.`);
      let target: HostEntry = f;
      const reasons: string[] = [];
      if (fromLeader) {
        const leader = leaderOf(ctx, f);
        if (!leader) return row.refuse(`No known leader lists ${displayName(f)} as its follower.`);
        reasons.push(...readiness(leader, await freshen(ctx, leader, task.signal)));
        if (!reasons.length && !leader.link?.peers.some((p) => p.id === followerId && p.role === 'follower')) {
          reasons.push(`${displayName(leader)} does not list ${displayName(f)} as its follower.`);
        }
        const peerState = leader.link?.peers.find((p) => p.id === followerId);
        if (f.host?.state === 'In-Use' && peerState) reasons.push(`${displayName(f)} is In-Use by a cluster: scale the cluster down first.`);
        target = leader;
      } else {
        reasons.push(...readiness(f, fFailure));
        if (!reasons.length && roleOf(f).role !== 'follower') reasons.push(`${displayName(f)} is not a follower: only followers can be unlinked.`);
        if (f.host?.state === 'In-Use') reasons.push(`${displayName(f)} is In-Use by a cluster: scale the cluster down first.`);
      }
      if (reasons.length) return row.refuse(reasons.join(' '));
      task.phase(fromLeader ? `Asking ${displayName(target)} to unlink it` : 'Unlinking');
      row.running();
      try {
        const client = ctx.entries.clientFor(target);
        const { answer, refusedFirst } = fromLeader
          ? {
              answer: await client.request('POST', paths.unlink, { searchParams: { peerId: followerId }, signal: task.signal, userInitiated: true }),
              refusedFirst: null,
            }
          : await unlinkOnFollower(ctx, f, client, followerId, task.signal);
        if (answer.status === 409) row.refuse(`${displayName(target)} refused: ${hostMessage(answer.body) ?? 'the host cannot be unlinked now.'}`);
        else if (answer.status === 400 && refusedFirst) row.fail(bothRefused(f, refusedFirst, answer));
        else if (answer.status < 200 || answer.status > 299) row.fail(answerError(answer.status, answer.body, client.labelInfo(), 'unlink the host'));
        else row.succeed(hostMessage(answer.body) ?? 'Unlinked.');
      } catch (err) {
        row.fail(err);
      }
      await Promise.allSettled([ctx.entries.refresh(target, { full: true }), target !== f ? ctx.entries.refresh(f, { full: true }) : null]);
    },
  };
}

/** The first id a follower refused (400) before the other one was tried. */
interface Refused {
  which: UnlinkPeer;
  answer: Answer;
}

/**
 * unlink on the follower itself: the remembered id for its agent version, else its leader's; on a 400 the other
 * one, once (never on any other answer, and never a third time). The id that was accepted is remembered for the
 * agent version.
 */
async function unlinkOnFollower(
  ctx: CoreContext,
  f: HostEntry,
  client: AgentClient,
  ownId: string,
  signal: AbortSignal,
): Promise<{ answer: Answer; refusedFirst: Refused | null }> {
  const leaderId = roleOf(f).leaderId;
  const version = f.host?.agentVersion ?? null;
  const idFor = (which: UnlinkPeer) => (which === 'leader' ? leaderId : ownId);
  const first: UnlinkPeer = leaderId ? (ctx.unlinkChoice.get(version) ?? 'leader') : 'own';
  const send = (which: UnlinkPeer) => client.request('POST', paths.unlink, { searchParams: { peerId: idFor(which)! }, signal, userInitiated: true });
  let which = first;
  let answer = await send(which);
  let refusedFirst: Refused | null = null;
  const other: UnlinkPeer = which === 'leader' ? 'own' : 'leader';
  if (answer.status === 400 && idFor(other)) {
    ctx.logger.info('follower refused the unlink peer id; trying the other one', { host: displayName(f), refused: which, agentVersion: version });
    refusedFirst = { which, answer };
    which = other;
    answer = await send(which);
  }
  if (answer.status >= 200 && answer.status <= 299 && leaderId) ctx.unlinkChoice.set(version, which);
  return { answer, refusedFirst };
}

/** Both ids were refused with 400: what each answer said, and the ways left. */
function bothRefused(f: HostEntry, first: Refused, second: Answer): ConsoleError {
  const idName = (which: UnlinkPeer) => (which === 'leader' ? "its leader's id" : 'its own id');
  const said = (a: Answer) => hostMessage(a.body) ?? `HTTP ${a.status}`;
  const secondWhich: UnlinkPeer = first.which === 'leader' ? 'own' : 'leader';
  return new ConsoleError(
    'refused',
    `${displayName(f)} refused to unlink with ${idName(first.which)} (${said(first.answer)}) and with ${idName(secondWhich)} (${said(second)}). Unlink it from its leader instead (fieldlink unlink --from-leader), or use the Unlink button in its Local UI.`,
    f.key,
  );
}
