// Bulk unlink and dissolve group: each starts one task with a row per host and answers with its id at once.
import type { Handlers } from '../../../shared/contract';
import { dissolveTask, unlinkManyTask } from '../linking/bulk-unlink';
import type { CoreRuntime } from '../runtime';

export function bulkLinkHandlers(rt: CoreRuntime): Pick<Handlers, 'link.unlinkMany' | 'link.dissolve'> {
  return {
    'link.unlinkMany': async ({ hostIds }) => ({ taskId: rt.tasks.start(unlinkManyTask(rt.env, hostIds)).id }),
    'link.dissolve': async ({ leaderId }) => ({ taskId: rt.tasks.start(dissolveTask(rt.env, leaderId)).id }),
  };
}
