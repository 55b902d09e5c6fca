// Bulk unlinking: a selection of followers, or a whole group ("dissolve": every follower of a leader, then stop its
// token generation where the host allows it). One task with a row per host, built from the single-host tasks of
// unlink.ts and leader.ts so every host gets exactly the same checks and outcomes as when it is unlinked alone.
import type { CoreContext } from '../context';
import { ConsoleError } from '../../../shared/errors';
import { displayName } from '../hosts/entry';
import { roleOf } from '../hosts/view';
import type { HostResultHandle, TaskHandle, TaskSpec } from '../tasks/task-manager';
import { forEachLimited } from '../util/limit';
import { entryFor } from './env';
import { handStopToLocalUi, noStopCallMessage, stopTokenTask } from './leader';
import { unlinkTask } from './unlink';

/**
 * The parent task seen through one host's sub-task: its row and signal are the parent's, its phase lines are
 * dropped (many hosts run at once; the parent keeps one phase); the parent counts progress from the settled rows.
 */
function subHandle(parent: TaskHandle): TaskHandle {
  return {
    id: parent.id,
    signal: parent.signal,
    phase: () => undefined,
    progress: () => undefined,
    bytes: () => undefined,
    host: (hostId, name) => parent.host(hostId, name),
    throwIfCancelled: () => parent.throwIfCancelled(),
    summary: () => undefined,
  };
}

const finished = (row: HostResultHandle) => row.state !== 'pending' && row.state !== 'running';

async function unlinkAll(ctx: CoreContext, task: TaskHandle, keys: string[]): Promise<number> {
  let unlinked = 0;
  await forEachLimited(
    keys,
    ctx.settings().linkConcurrency,
    async (key) => {
      // Unlinked through the leader: a follower that is off or unreachable is still removed from the group.
      await unlinkTask(ctx, key, true).run(subHandle(task));
      const row = task.host(key);
      if (!finished(row)) row.fail(new ConsoleError('internal', 'The unlink ended without a result. Check the host and try again.'));
      if (row.state === 'succeeded') unlinked += 1;
    },
    task.signal,
  );
  return unlinked;
}

export function unlinkManyTask(ctx: CoreContext, refs: string[]): TaskSpec {
  const entries = [...new Set(refs.map((r) => entryFor(ctx, r)))];
  const keys = entries.map((e) => e.key);
  return {
    kind: 'unlink',
    title: entries.length === 1 ? `Unlink ${displayName(entries[0]!)}` : `Unlink ${entries.length} hosts`,
    hosts: entries.map((e) => ({ hostId: e.key, name: displayName(e) })),
    retry: () => unlinkManyTask(ctx, keys),
    run: async (task) => {
      task.phase(`Unlinking ${keys.length} host(s)`);
      const unlinked = await unlinkAll(ctx, task, keys);
      task.summary(`${unlinked} of ${keys.length} hosts unlinked`);
    },
  };
}

/** The followers a leader has now: those it lists, and those that name it as their leader. */
function followersOf(ctx: CoreContext, leaderKey: string): string[] {
  const leader = entryFor(ctx, leaderKey);
  const listed = (leader.link?.peers ?? []).filter((p) => p.role === 'follower').map((p) => p.id);
  const keys = new Set<string>();
  for (const e of ctx.entries.all()) {
    if (e === leader || !e.confirmedId) continue;
    if (listed.includes(e.confirmedId) || (leader.confirmedId && roleOf(e).role === 'follower' && roleOf(e).leaderId === leader.confirmedId)) keys.add(e.key);
  }
  return [...keys];
}

export function dissolveTask(ctx: CoreContext, leaderRef: string): TaskSpec {
  const leader = entryFor(ctx, leaderRef);
  const followers = followersOf(ctx, leader.key).map((k) => entryFor(ctx, k));
  return {
    kind: 'unlink',
    title: `Dissolve the group of ${displayName(leader)}`,
    hosts: [...followers.map((e) => ({ hostId: e.key, name: displayName(e) })), { hostId: leader.key, name: displayName(leader) }],
    retry: () => dissolveTask(ctx, leader.key),
    run: async (task) => {
      const keys = followers.map((f) => f.key);
      task.phase(`Unlinking ${keys.length} follower(s) of ${displayName(leader)}`);
      const unlinked = await unlinkAll(ctx, task, keys);
      task.throwIfCancelled();
      const row = task.host(leader.key);
      if (unlinked < keys.length) {
        row.refuse(`${displayName(leader)} keeps generating tokens: ${keys.length - unlinked} follower(s) are still linked (see their rows).`);
      } else if (leader.token?.support === 'unsupported') {
        // Where the agent cannot stop it from here, the group is still dissolved; only the Local UI can end leadership.
        handStopToLocalUi(ctx, leader);
        row.refuse(`Its followers are unlinked. ${noStopCallMessage(leader)}.`);
      } else {
        task.phase(`Stopping token generation on ${displayName(leader)}`);
        await stopTokenTask(ctx, leader.key).run(subHandle(task));
        if (!finished(row)) row.fail(new ConsoleError('internal', 'Stopping token generation ended without a result. Check the host and try again.'));
      }
      task.summary(`${unlinked} of ${keys.length} followers unlinked${row.state === 'succeeded' ? '; token generation stopped' : ''}`);
    },
  };
}
