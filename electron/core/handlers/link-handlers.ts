// Commands about linking, mapped onto the linking feature. Each action starts a task and answers with its id at
// once; progress and the outcome arrive as 'tasks.changed' / 'tasks.ended'.
import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { currentToken, makeLeaderTask, stopTokenTask } from '../linking/leader';
import { linkFollowersTask, preflightLink } from '../linking/link-followers';
import { unlinkTask } from '../linking/unlink';
import { validateAsTask } from '../linking/validate';
import { linkWithTokenTask } from '../linking/with-token';

type LinkCommands =
  'link.makeLeader' | 'link.token' | 'link.preflight' | 'link.followers' | 'link.withToken' | 'link.validate' | 'link.unlink' | 'link.stopToken';

export function linkHandlers(ctx: CoreContext): Pick<Handlers, LinkCommands> {
  const started = (view: { id: string }) => ({ taskId: view.id });
  return {
    'link.makeLeader': async ({ hostId }) => started(ctx.tasks.start(makeLeaderTask(ctx, hostId))),
    'link.token': ({ hostId }) => currentToken(ctx, hostId),
    'link.preflight': ({ leaderId, followerIds }) => preflightLink(ctx, leaderId, followerIds),
    'link.followers': async ({ leaderId, followerIds }) => started(ctx.tasks.start(linkFollowersTask(ctx, leaderId, followerIds))),
    'link.withToken': async ({ hostId, token }) => started(ctx.tasks.start(linkWithTokenTask(ctx, hostId, token))),
    'link.validate': ({ leaderId }) => validateAsTask(ctx, leaderId),
    'link.unlink': async ({ hostId, fromLeader }) => started(ctx.tasks.start(unlinkTask(ctx, hostId, fromLeader))),
    'link.stopToken': async ({ hostId }) => started(ctx.tasks.start(stopTokenTask(ctx, hostId))),
  };
}
