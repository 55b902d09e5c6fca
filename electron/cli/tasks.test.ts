import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../shared/contract';
import { createFakeCore } from '../test-kit/bridge/fake-core';
import { sessionOver } from './session';
import { describeProgress, followTasks, terminalProgress } from './tasks';

function view(id: string, state: TaskView['state'], done: number): TaskView {
  return {
    id,
    kind: 'link',
    title: 'Link 2 hosts to alpha',
    state,
    phase: 'linking',
    progress: { done, total: 2, unit: 'hosts' },
    bytesPerSec: null,
    etaSec: null,
    hosts: [],
    error: null,
    startedAt: new Date(0).toISOString(),
    endedAt: null,
    cancellable: true,
    retryable: false,
    retryOf: null,
  };
}

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 80, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream };
}

describe('task following', () => {
  it('waits for tasks.ended, draws progress on a terminal and clears it at the end', async () => {
    const core = createFakeCore();
    const { writes, stream } = fakeStream(true);
    const follower = followTasks(sessionOver(core), terminalProgress(stream));
    const ended = follower.run(async () => {
      setTimeout(() => core.emit('tasks.changed', view('t1', 'running', 1)), 5);
      setTimeout(() => core.emit('tasks.ended', view('t1', 'succeeded', 2)), 10);
      return ['t1'];
    });
    const [task] = await ended;
    expect(task).toMatchObject({ id: 't1', state: 'succeeded' });
    expect(writes).toEqual(['\r\x1b[KLink 2 hosts to alpha · linking · 1/2 hosts', '\r\x1b[K']);
    expect(core.listenerCount()).toBe(0);
  });

  it('writes no progress when stderr is not a terminal', async () => {
    const core = createFakeCore();
    const { writes, stream } = fakeStream(false);
    const follower = followTasks(sessionOver(core), terminalProgress(stream));
    await follower.run(async () => {
      setTimeout(() => core.emit('tasks.changed', view('t2', 'running', 1)), 5);
      setTimeout(() => core.emit('tasks.ended', view('t2', 'failed', 1)), 10);
      return ['t2'];
    });
    expect(writes).toEqual([]);
  });

  it('notices a task that ended without an event through tasks.list', async () => {
    const core = createFakeCore({ 'tasks.list': async () => [view('t3', 'partial', 2)] });
    const follower = followTasks(sessionOver(core), { show: () => {} });
    const [task] = await follower.run(async () => ['t3']);
    expect(task?.state).toBe('partial');
  });

  it('cancels the running tasks on request', async () => {
    const core = createFakeCore({ 'tasks.cancel': async ({ taskId }) => view(taskId, 'cancelled', 0) });
    const follower = followTasks(sessionOver(core), { show: () => {} });
    const run = follower.run(async () => ['t4']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await follower.cancelAll();
    core.emit('tasks.ended', view('t4', 'cancelled', 0));
    expect((await run)[0]?.state).toBe('cancelled');
    expect(core.calls.get('tasks.cancel')).toEqual([{ taskId: 't4' }]);
  });

  it('describes byte progress as a percentage with the time left', () => {
    const upload = { ...view('t5', 'running', 0), phase: 'uploading', progress: { done: 250, total: 1000, unit: 'bytes' as const }, etaSec: 12.2 };
    expect(describeProgress(upload)).toBe('Link 2 hosts to alpha · uploading · 25 % · about 13 s left');
  });
});
