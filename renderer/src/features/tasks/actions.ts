import type { ConsoleApi } from '../../../../shared/contract';
import { attempt } from '../../ui/notify';
import { isFinal, useTasksStore } from '../../entities/tasks/tasks-store';

export async function cancelTask(api: ConsoleApi, taskId: string): Promise<void> {
  const task = await attempt('Could not cancel the task', () => api['tasks.cancel']({ taskId }));
  if (task) useTasksStore.getState().apply([task]);
}

export async function retryTask(api: ConsoleApi, taskId: string): Promise<void> {
  await attempt('Could not retry the task', () => api['tasks.retry']({ taskId }));
}

export async function clearFinished(api: ConsoleApi): Promise<void> {
  const done = await attempt('Could not clear finished tasks', async () => {
    await api['tasks.clearFinished']({});
    return true;
  });
  if (!done) return;
  const finished = Object.values(useTasksStore.getState().byId)
    .filter(isFinal)
    .map((t) => t.id);
  useTasksStore.getState().remove(finished);
}
