// Bulk unlink and dissolve group: each starts one task with a row per host and answers with its id at once.
import type { Handlers } from '../../../shared/contract';
import { dissolveTask, unlinkManyTask } from '../linking/bulk-unlink';
import type { CoreContext } from '../context';

export function bulkLinkHandlers(ctx: CoreContext): Pick<Handlers, 'link.unlinkMany' | 'link.dissolve'> {
  return {
    'link.unlinkMany': async ({ hostIds }) => ({ taskId: ctx.tasks.start(unlinkManyTask(ctx, hostIds)).id }),
    'link.dissolve': async ({ leaderId }) => ({ taskId: ctx.tasks.start(dissolveTask(ctx, leaderId)).id }),
  };
}
