import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { EventBus } from '../event-bus';
import { silentLogger } from '../log';
import { TaskManager, type TaskHandle, type TaskSpec } from './task-manager';

function setup() {
  const bus = new EventBus();
  const changed: TaskView[] = [];
  const ended: TaskView[] = [];
  bus.on('tasks.changed', (t) => changed.push(t));
  bus.on('tasks.ended', (t) => ended.push(t));
  return { tasks: new TaskManager(bus, silentLogger), changed, ended };
}

const hosts = [
  { hostId: 'a', name: 'A' },
  { hostId: 'b', name: 'B' },
];

describe('tasks', () => {
  it('derives the final state from per-host results', async () => {
    const { tasks, ended } = setup();
    const partial = tasks.start({
      kind: 'link',
      title: 't',
      hosts,
      run: async (t) => {
        t.host('a').succeed('ok');
        t.host('b').fail(new ConsoleError('unreachable', 'B is gone'));
      },
    });
    const done = await tasks.settled(partial.id);
    expect(done.state).toBe('partial');
    expect(done.hosts.map((h) => h.state)).toEqual(['succeeded', 'failed']);
    expect(done.hosts[1]!.message).toBe('B is gone');
    expect(done.progress).toEqual({ done: 2, total: 2, unit: 'hosts' });
    expect(ended).toHaveLength(1);

    const refused = await tasks.settled(
      tasks.start({ kind: 'link', title: 't', hosts, run: async (t) => void (t.host('a').refuse('no'), t.host('b').refuse('no')) }).id,
    );
    expect(refused.state).toBe('failed');
    expect(refused.error?.code).toBe('preflight-failed');
  });

  it('hides unexpected errors from the view', async () => {
    const { tasks } = setup();
    const t = await tasks.settled(
      tasks.start({
        kind: 'probe',
        title: 'p',
        run: async () => {
          throw new Error('internal detail');
        },
      }).id,
    );
    expect(t.state).toBe('failed');
    expect(t.error?.code).toBe('internal');
    expect(t.error?.message).not.toMatch(/internal detail/);
  });

  it('cancels through the signal and marks unfinished hosts cancelled', async () => {
    const { tasks } = setup();
    const started = tasks.start({
      kind: 'link',
      title: 't',
      hosts,
      run: (t) =>
        new Promise<void>((_, reject) => {
          t.host('a').succeed();
          t.signal.addEventListener('abort', () => reject(t.signal.reason));
        }),
    });
    tasks.cancel(started.id);
    const done = await tasks.settled(started.id);
    expect(done.state).toBe('cancelled');
    expect(done.hosts.map((h) => h.state)).toEqual(['succeeded', 'cancelled']);
    expect(done.retryable).toBe(false);
  });

  it('retries with the same inputs as a new task that names the old one', async () => {
    const { tasks } = setup();
    let runs = 0;
    const spec = (): TaskSpec => ({
      kind: 'make-leader',
      title: 'm',
      hosts: [hosts[0]!],
      run: async (t) => (++runs === 1 ? t.host('a').fail(new ConsoleError('timeout', 'slow')) : t.host('a').succeed()),
      retry: spec,
    });
    const first = await tasks.settled(tasks.start(spec()).id);
    expect(first).toMatchObject({ state: 'failed', retryable: true });
    const second = tasks.retry(first.id);
    expect(second.id).not.toBe(first.id);
    expect(second.retryOf).toBe(first.id);
    expect((await tasks.settled(second.id)).state).toBe('succeeded');
    expect(() => tasks.retry('task-nope')).toThrow(/No task/);
  });

  it('offers no Retry where it can only fail the same way, and keeps the code that says why', async () => {
    const { tasks } = setup();
    const ended = (fail: (t: TaskHandle) => void) =>
      tasks.settled(
        tasks.start({
          kind: 'stop-token',
          title: 's',
          hosts: [hosts[0]!, hosts[1]!],
          run: async (t) => fail(t),
          retry: () => ({ kind: 'stop-token', title: 's', run: async () => undefined }),
        }).id,
      );
    // The host's API lacks the call: a Retry asks it again.
    const unsupported = await ended((t) => {
      t.host('a').fail(new ConsoleError('unsupported', 'a has no call to stop token generation.'));
      t.host('b').succeed();
    });
    expect(unsupported).toMatchObject({ state: 'partial', retryable: false });
    // What failed is what a Retry sends again (an expired pasted token).
    const repeats = await ended((t) => {
      t.host('a').fail(new ConsoleError('refused', 'The token expired.'), { repeats: true });
      t.host('b').fail(new ConsoleError('unsupported', 'no call'));
    });
    expect(repeats).toMatchObject({ state: 'failed', retryable: false, error: { code: 'refused', message: 'The token expired.' } });
    const onlyUnsupported = await ended((t) => {
      t.host('b').fail(new ConsoleError('unsupported', 'no call'));
      t.host('a').fail(new ConsoleError('unsupported', 'no call either'));
    });
    expect(onlyUnsupported.error).toEqual({ code: 'unsupported', message: 'no call either' });
    // One host a Retry may still help is enough to offer it.
    const mixed = await ended((t) => {
      t.host('a').fail(new ConsoleError('unsupported', 'no call'));
      t.host('b').fail(new ConsoleError('timeout', 'b did not answer within 10 s.'));
    });
    expect(mixed).toMatchObject({ state: 'failed', retryable: true });
    // Nor through the API (the browser bridge, the CLI): the task says why instead of running again.
    expect(() => tasks.retry(unsupported.id)).toThrow(/would only fail the same way/);
  });

  it('emits at most about four updates a second per task, and the final view', async () => {
    const { tasks, changed } = setup();
    const t = tasks.start({
      kind: 'upload',
      title: 'u',
      run: async (h) => {
        for (let i = 1; i <= 100; i++) {
          h.bytes(i * 1000, 100_000);
          await new Promise((r) => setTimeout(r, 5));
        }
      },
    });
    const started = Date.now();
    const done = await tasks.settled(t.id);
    const seconds = (Date.now() - started) / 1000;
    const mine = changed.filter((v) => v.id === t.id);
    expect(mine.length).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 3);
    expect(mine.at(-1)!.state).toBe('succeeded');
    expect(done.progress).toEqual({ done: 100_000, total: 100_000, unit: 'bytes' });
    expect(done.bytesPerSec).toBeGreaterThan(0);
  });

  it('clears finished tasks from the history', async () => {
    const { tasks } = setup();
    await tasks.settled(tasks.start({ kind: 'probe', title: 'p', run: async () => undefined }).id);
    expect(tasks.list()).toHaveLength(1);
    tasks.clearFinished();
    expect(tasks.list()).toHaveLength(0);
  });
});
