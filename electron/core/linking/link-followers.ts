// link.followers: one command links a set of hosts to a leader.
//
// Choice: when the chosen leader is not generating tokens yet, the task makes it the leader (generate-token)
// because the user asked to link followers *to it*; the task says so in its phase, and preflight has already
// checked that it can lead. Nothing is sent to any host before preflight passed for the leader; a follower that
// fails preflight is refused with its reasons and the others go ahead. While the run lasts, the poller leaves the
// hosts involved alone (the run reads them itself), so a large run is not slowed by its own background reads.
import type { CoreContext } from '../context';
import type { PreflightResult } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { displayName, type HostEntry } from '../hosts/entry';
import { knownLeader, tokenStateFrom } from '../hosts/refresh';
import type { HostResultHandle, TaskHandle, TaskSpec } from '../tasks/task-manager';
import { forEachLimited } from '../util/limit';
import { entryFor, freshenAll } from './env';
import { linkWithToken } from './link-run';
import { followerReasons, leaderReasons, linkWarnings, preflightRows } from './preflight';
import { TokenSource } from './token-source';

export function linkFollowersTask(ctx: CoreContext, leaderRef: string, followerRefs: string[]): TaskSpec {
  const leader = entryFor(ctx, leaderRef);
  const followers = [...new Set(followerRefs.map((ref) => entryFor(ctx, ref)))];
  return {
    kind: 'link',
    title: `Link ${followers.length} host${followers.length === 1 ? '' : 's'} to ${displayName(leader)}`,
    hosts: followers.map((f) => ({ hostId: f.key, name: displayName(f) })),
    retry: () =>
      linkFollowersTask(
        ctx,
        leader.key,
        followers.map((f) => f.key),
      ),
    run: async (task) => {
      const rows = new Map(followers.map((f) => [f, task.host(f.key, displayName(f))]));
      task.phase('Checking the hosts');
      const failures = await freshenAll(ctx, [leader, ...followers], task.signal);
      task.throwIfCancelled();
      const leaderProblems = leaderReasons(leader, failures.get(leader) ?? null);
      if (leaderProblems.length) {
        for (const row of rows.values()) row.refuse(`The leader cannot take followers: ${leaderProblems.join(' ')}`);
        throw new ConsoleError('preflight-failed', leaderProblems.join(' '), leader.key);
      }
      const ready: HostEntry[] = [];
      for (const f of followers) {
        const reasons = followerReasons(f, leader, failures.get(f) ?? null, (id) => nameOf(ctx, id));
        if (reasons.length) rows.get(f)!.refuse(reasons.join(' '));
        else ready.push(f);
      }
      if (ready.length === 0) return;
      // What preflight could not check goes with each follower's result, so the technician sees it.
      const leaderWarnings = linkWarnings(leader);
      const warnings = new Map(ready.map((f) => [f, [...leaderWarnings, ...linkWarnings(f)]]));
      for (const [f, list] of warnings) if (list.length) ctx.logger.warn('linking without a full preflight', { follower: displayName(f), warnings: list });

      const release = ctx.entries.hold([leader, ...ready]);
      const run = { tokensUsed: 0, startedLeadership: false };
      try {
        await linkAll(ctx, task, leader, ready, rows, warnings, run);
      } finally {
        release();
      }
      const linked = [...rows.values()].filter((r) => r.state === 'succeeded').length;
      // This run made the leader generate tokens and no follower joined it: say so, or nobody knows it leads.
      const leftLeading =
        run.startedLeadership && linked === 0
          ? ` ${displayName(leader)} now generates link tokens (this run asked it to start) and no host joined it: link hosts to it, or stop its token generation.`
          : '';
      if (task.signal.aborted && leftLeading) task.summary(`Cancelled.${leftLeading}`);
      task.throwIfCancelled();
      task.phase('Reading the group');
      // The links are done and reported per host; a failed re-read of the leader shows on its card, not here.
      await ctx.entries.refresh(leader, { full: true, userInitiated: true }).catch(() => undefined);
      task.summary(
        `${linked} of ${followers.length} hosts linked to ${displayName(leader)} (${run.tokensUsed} token${run.tokensUsed === 1 ? '' : 's'} used).${leftLeading}`,
      );
    },
  };
}

/** Links the followers that passed preflight, a bounded number at a time; returns how many tokens were used. */
async function linkAll(
  ctx: CoreContext,
  task: TaskHandle,
  leader: HostEntry,
  ready: HostEntry[],
  rows: Map<HostEntry, HostResultHandle>,
  warnings: Map<HostEntry, string[]>,
  run: { tokensUsed: number; startedLeadership: boolean },
): Promise<void> {
  const tokens = new TokenSource({
    client: ctx.entries.clientFor(leader),
    entry: leader,
    leaders: ctx.leaders,
    signal: task.signal,
    redact: (s) => ctx.redact(s),
    learn: (caps) => ctx.entries.update(leader, { caps }),
    mayStart: true,
    onStarted: () => {
      run.startedLeadership = true;
      if (leader.confirmedId) ctx.leaders.add(leader.confirmedId);
      ctx.logger.info('leader started token generation for a link run', { leader: displayName(leader) });
    },
    onToken: (t) => {
      run.tokensUsed++;
      ctx.entries.update(leader, { token: tokenStateFrom(leader.token, t) });
    },
  });
  task.phase(knownLeader(leader, ctx.leaders) ? `Getting a token from ${displayName(leader)}` : `Making ${displayName(leader)} the leader`);
  await tokens.get();
  task.phase(`Linking ${ready.length} host${ready.length === 1 ? '' : 's'} to ${displayName(leader)}`);
  await forEachLimited(ready, ctx.settings().linkConcurrency, (f) => linkOne(ctx, task, leader, f, rows.get(f)!, tokens, warnings.get(f) ?? []), task.signal);
}

async function linkOne(
  ctx: CoreContext,
  task: TaskHandle,
  leader: HostEntry,
  f: HostEntry,
  row: HostResultHandle,
  tokens: TokenSource,
  warnings: string[],
): Promise<void> {
  try {
    const client = ctx.entries.clientFor(f);
    let token = await tokens.get();
    let outcome = await linkWithToken(f, client, token, task.signal, row);
    if (!outcome.ok && outcome.expiredOtp && !task.signal.aborted) {
      // The one-time password ran out between our read and its use: once more with a fresh token.
      row.detail('Token expired, retrying with a fresh one');
      token = await tokens.replace(token);
      outcome = await linkWithToken(f, client, token, task.signal, row);
    }
    if (!outcome.ok) {
      row.fail(new ConsoleError('refused', `${displayName(f)}: ${outcome.message}`, f.key));
      return;
    }
    // The follower's last answer is its new link state: shown at once, without another read.
    ctx.entries.update(f, { link: outcome.facts });
    row.detail('Completed');
    row.succeed(`Linked to ${displayName(leader)}${warnings.length ? `. Warning: ${warnings.join(' ')}` : ''}`);
  } catch (err) {
    row.fail(err);
  }
}

/** link.preflight: every host read afresh, then the reasons each one would be refused, before anything is sent. */
export async function preflightLink(ctx: CoreContext, leaderRef: string, followerRefs: string[]): Promise<PreflightResult[]> {
  const leader = entryFor(ctx, leaderRef);
  const followers = [...new Set(followerRefs.map((ref) => entryFor(ctx, ref)))];
  const failures = await freshenAll(ctx, [leader, ...followers]);
  return preflightRows(leader, followers, failures, (id) => nameOf(ctx, id));
}

export function nameOf(ctx: CoreContext, id: string): string {
  const e = ctx.entries.all().find((x) => x.confirmedId === id || x.claimedId === id);
  return e ? displayName(e) : id;
}
