// Commands about linking and tasks. Each action starts a task and answers with its id at once; progress and the
// outcome arrive as 'tasks.changed' / 'tasks.ended'.
import type { Handlers } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { entryFor, freshenAll } from '../linking/env';
import { currentToken, makeLeaderTask, stopTokenTask } from '../linking/leader';
import { linkFollowersTask, nameOf } from '../linking/link-followers';
import { preflightRows } from '../linking/preflight';
import { unlinkTask } from '../linking/unlink';
import { validateGroup } from '../linking/validate';
import { linkWithTokenTask } from '../linking/with-token';
import { displayName } from '../hosts/entry';
import type { CoreRuntime } from '../runtime';
import type { ValidationReport } from '../../../shared/contract';

type LinkCommands =
  | 'link.makeLeader'
  | 'link.token'
  | 'link.preflight'
  | 'link.followers'
  | 'link.withToken'
  | 'link.validate'
  | 'link.unlink'
  | 'link.stopToken'
  | 'tasks.list'
  | 'tasks.cancel'
  | 'tasks.retry'
  | 'tasks.clearFinished';

export function linkHandlers(rt: CoreRuntime): Pick<Handlers, LinkCommands> {
  const { env } = rt;
  const started = (view: { id: string }) => ({ taskId: view.id });

  return {
    'link.makeLeader': async ({ hostId }) => started(rt.tasks.start(makeLeaderTask(env, hostId))),
    'link.token': async ({ hostId }) => currentToken(env, hostId),

    'link.preflight': async ({ leaderId, followerIds }) => {
      const leader = entryFor(env, leaderId);
      const followers = [...new Set(followerIds.map((id) => entryFor(env, id)))];
      const failures = await freshenAll(env, [leader, ...followers]);
      return preflightRows(leader, followers, failures, (id) => nameOf(env, id));
    },

    'link.followers': async ({ leaderId, followerIds }) => started(rt.tasks.start(linkFollowersTask(env, leaderId, followerIds))),
    'link.withToken': async ({ hostId, token }) => started(rt.tasks.start(linkWithTokenTask(env, hostId, token))),

    'link.validate': async ({ leaderId }) => {
      const leader = entryFor(env, leaderId);
      let report: ValidationReport | null = null;
      // Recorded as a task too, so the check shows in the history with its per-host outcome.
      const task = rt.tasks.start({
        kind: 'validate',
        title: `Validate the group of ${displayName(leader)}`,
        run: async (handle) => {
          report = await validateGroup(env, leader.key, handle.signal);
          for (const row of report.followers) {
            const result = handle.host(row.hostId || row.name, row.name);
            if (row.ok) result.succeed(row.message);
            else result.fail(new ConsoleError('verify-failed', row.message));
          }
        },
      });
      const ended = await rt.tasks.settled(task.id);
      if (!report) throw ended.error ? ConsoleError.fromInfo(ended.error) : new ConsoleError('internal', 'The validation did not finish.');
      return report;
    },

    'link.unlink': async ({ hostId, fromLeader }) => started(rt.tasks.start(unlinkTask(env, hostId, fromLeader))),
    'link.stopToken': async ({ hostId }) => started(rt.tasks.start(stopTokenTask(env, hostId))),

    'tasks.list': async () => rt.tasks.list(),
    'tasks.cancel': async ({ taskId }) => rt.tasks.cancel(taskId),
    'tasks.retry': async ({ taskId }) => started(rt.tasks.retry(taskId)),
    'tasks.clearFinished': async () => rt.tasks.clearFinished(),
  };
}
