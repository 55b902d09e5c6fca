// Cancel and retry from a card. A retry is a new task: it is tracked for the same host so the card follows it (the
// card prefers a running upload, so the old result gives way as soon as the new task is reported).
import type { ConsoleApi } from '../../../../shared/contract';
import { attempt } from '../../ui/notify';
import { cancelTask } from '../tasks/actions';
import { useUploadsStore } from './uploads-store';

export function cancelUpload(api: ConsoleApi, taskId: string): Promise<void> {
  return cancelTask(api, taskId);
}

export async function retryUpload(api: ConsoleApi, taskId: string, hostId: string): Promise<void> {
  const started = await attempt('Could not retry the upload', () => api['tasks.retry']({ taskId }));
  if (!started) return;
  useUploadsStore.getState().track([started.taskId], hostId);
}

export function dismissUpload(taskId: string): void {
  useUploadsStore.getState().dismiss(taskId);
}
