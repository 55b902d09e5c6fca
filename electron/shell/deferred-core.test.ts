import { describe, expect, it } from 'vitest';
import { desktopOnlyCommands } from '../../shared/contract';
import { createFakeCore } from '../test-kit/bridge/fake-core';
import { deferredCore, type CoreLike } from './deferred-core';

function later<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('deferredCore: the IPC layer before the core exists', () => {
  it('holds a command until the core is there, then answers it from the core', async () => {
    const ready = later<CoreLike>();
    const core = deferredCore(ready.promise);
    let answered = false;
    const answer = core.handlers['hosts.list']({}).then((hosts) => ((answered = true), hosts));
    await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false);
    const real = createFakeCore();
    ready.resolve(real);
    await expect(answer).resolves.toMatchObject([{ id: 'edge-1' }, { id: 'edge-2' }]);
    expect(real.calls.get('hosts.list')).toHaveLength(1);
  });

  it('has no forwarder for a desktop-only command, so the shell handler (or dispatch\'s "unsupported") answers it', () => {
    const core = deferredCore(later<CoreLike>().promise);
    for (const name of desktopOnlyCommands) expect(core.handlers[name]).toBeUndefined();
    expect(typeof core.handlers['report.export']).toBe('function');
  });

  it('subscribes to events once the core is there, and an unsubscribe before that means never', async () => {
    const ready = later<CoreLike>();
    const core = deferredCore(ready.promise);
    const seen: unknown[] = [];
    core.on('tasks.changed', (task) => seen.push(task.id));
    const off = core.on('tasks.changed', () => seen.push('unsubscribed listener'));
    off();
    const real = createFakeCore();
    ready.resolve(real);
    await ready.promise;
    await new Promise((r) => setImmediate(r));
    real.emit('tasks.changed', { id: 't1' } as never);
    expect(seen).toEqual(['t1']);
  });

  it('is subscribed before the next turn of the event loop, when the core emits its first discovery problems', async () => {
    const ready = later<CoreLike>();
    const core = deferredCore(ready.promise);
    const seen: unknown[] = [];
    core.on('discovery.problem', (p) => seen.push(p.message));
    const real = createFakeCore();
    // What the core does: its mDNS start (and first problems) is scheduled with setImmediate after creation.
    const emitted = new Promise<void>((resolve) =>
      setImmediate(() => {
        real.emit('discovery.problem', { interface: '', message: 'first' });
        resolve();
      }),
    );
    ready.resolve(real);
    await emitted;
    expect(seen).toEqual(['first']);
  });

  it('fails held commands when the core could not start, without an unhandled rejection', async () => {
    const ready = later<CoreLike>();
    const core = deferredCore(ready.promise);
    const answer = core.handlers['hosts.list']({});
    ready.reject(new Error('state folder not writable'));
    await expect(answer).rejects.toThrow('state folder not writable');
  });
});
