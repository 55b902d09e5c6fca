// Commands about tasks: the list, cancel, retry and clearing the finished ones, answered by the task manager.
import type { Handlers } from '../../../shared/contract';
import type { TaskManager } from '../tasks/task-manager';

type TaskCommands = 'tasks.list' | 'tasks.cancel' | 'tasks.retry' | 'tasks.clearFinished';

export function taskHandlers(tasks: TaskManager): Pick<Handlers, TaskCommands> {
  return {
    'tasks.list': async () => tasks.list(),
    'tasks.cancel': async ({ taskId }) => tasks.cancel(taskId),
    'tasks.retry': async ({ taskId }) => ({ taskId: tasks.retry(taskId).id }),
    'tasks.clearFinished': async () => tasks.clearFinished(),
  };
}
