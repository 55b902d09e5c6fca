// @vitest-environment jsdom
import '../../test-kit/setup';
import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from './connection-store';
import { startSync } from './sync';
import { useHostsStore } from '../entities/hosts/hosts-store';
import { useTasksStore } from '../entities/tasks/tasks-store';
import { createFakeApi } from '../../test-kit/fake-api';
import { host, task } from '../../test-kit/fixtures';
import type { HostView } from '../../../shared/contract';

/** A schedule the test fires by hand: one call = one animation frame. */
function manualFrames() {
  const pending: (() => void)[] = [];
  return {
    schedule: (flush: () => void) => {
      pending.push(flush);
      return () => pending.splice(pending.indexOf(flush) >>> 0, 1);
    },
    frame: () => pending.splice(0).forEach((f) => f()),
    waiting: () => pending.length,
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('startSync', () => {
  it('loads hosts, tasks, settings and credential status on start', async () => {
    const fake = createFakeApi({ hosts: [host('edge-1')], tasks: [task('t1')] });
    const stop = startSync(fake.api, { schedule: manualFrames().schedule });
    await settle();
    expect(fake.calls.map((c) => c.name).sort()).toEqual(['credentials.status', 'hosts.list', 'settings.get', 'tasks.list']);
    expect(Object.keys(useHostsStore.getState().byId)).toEqual(['edge-1']);
    expect(Object.keys(useTasksStore.getState().byId)).toEqual(['t1']);
    stop();
    expect(fake.listenerCount()).toBe(0);
  });

  it('coalesces a burst of host events into one store update per frame, last view winning', async () => {
    const fake = createFakeApi({ hosts: [host('edge-1'), host('edge-2'), host('edge-3')] });
    const frames = manualFrames();
    startSync(fake.api, { schedule: frames.schedule });
    await settle();
    let updates = 0;
    const off = useHostsStore.subscribe(() => (updates += 1));
    for (let i = 0; i < 300; i++) {
      const id = `edge-${(i % 3) + 1}`;
      fake.emit('hosts.changed', { upserted: [host(id, { agentVersion: `v${i}` })], removed: [] });
    }
    fake.emit('hosts.changed', { upserted: [], removed: ['edge-3'] });
    expect(updates).toBe(0);
    expect(frames.waiting()).toBe(1);
    frames.frame();
    off();
    expect(updates).toBe(1);
    const byId = useHostsStore.getState().byId;
    expect(byId['edge-1']!.agentVersion).toBe('v297');
    expect(byId['edge-2']!.agentVersion).toBe('v298');
    expect(byId['edge-3']).toBeUndefined();
  });

  it('keeps the identity of hosts that did not change, so their cards do not re-render', async () => {
    const fake = createFakeApi({ hosts: [host('edge-1'), host('edge-2')] });
    const frames = manualFrames();
    startSync(fake.api, { schedule: frames.schedule });
    await settle();
    const before = useHostsStore.getState().byId['edge-2'];
    fake.emit('hosts.changed', { upserted: [host('edge-1', { online: false })], removed: [] });
    frames.frame();
    expect(useHostsStore.getState().byId['edge-2']).toBe(before);
    expect(useHostsStore.getState().byId['edge-1']!.online).toBe(false);
  });

  it('applies events that arrive while the first list loads on top of it, not under it', async () => {
    const fake = createFakeApi();
    let answer: (hosts: HostView[]) => void = () => {};
    fake.respond('hosts.list', () => new Promise<HostView[]>((r) => (answer = r)));
    const frames = manualFrames();
    startSync(fake.api, { schedule: frames.schedule });
    fake.emit('hosts.changed', { upserted: [host('edge-1', { role: 'leader' })], removed: [] });
    frames.frame();
    expect(useHostsStore.getState().byId['edge-1']).toBeUndefined();
    answer([host('edge-1', { role: 'standalone' })]);
    await settle();
    frames.frame();
    expect(useHostsStore.getState().byId['edge-1']!.role).toBe('leader');
  });

  it('never lets a late running update overwrite a task that ended', async () => {
    const fake = createFakeApi();
    const frames = manualFrames();
    startSync(fake.api, { schedule: frames.schedule });
    await settle();
    fake.emit('tasks.ended', task('t1', { state: 'succeeded', endedAt: '2025-01-01T10:01:00.000Z' }));
    frames.frame();
    fake.emit('tasks.changed', task('t1', { state: 'running' }));
    frames.frame();
    expect(useTasksStore.getState().byId['t1']!.state).toBe('succeeded');
  });

  it('indexes what each host is doing, reusing unchanged entries', async () => {
    const fake = createFakeApi();
    const frames = manualFrames();
    startSync(fake.api, { schedule: frames.schedule });
    await settle();
    const hosts = [
      { hostId: 'edge-2', name: 'host-2', state: 'running' as const, message: null, detail: 'InProgress 40%' },
      { hostId: 'edge-3', name: 'host-3', state: 'pending' as const, message: null, detail: null },
    ];
    fake.emit('tasks.changed', task('t1', { hosts }));
    frames.frame();
    const first = useTasksStore.getState().activityByHost;
    expect(first['edge-2']!.detail).toBe('InProgress 40%');
    fake.emit('tasks.changed', task('t1', { hosts: [hosts[0]!, { ...hosts[1]!, state: 'succeeded' }] }));
    frames.frame();
    const second = useTasksStore.getState().activityByHost;
    expect(second['edge-2']).toBe(first['edge-2']);
    expect(second['edge-3']).toBeUndefined();
  });

  it('reloads everything when the bridge reconnects (events sent meanwhile are lost)', async () => {
    const fake = createFakeApi({ hosts: [host('edge-1')] });
    let push: (s: ConnectionStatus) => void = () => {};
    const connection = {
      subscribe(l: (s: ConnectionStatus) => void) {
        push = l;
        l({ state: 'connected', problem: null });
        return () => {};
      },
    };
    startSync(fake.api, { schedule: manualFrames().schedule, connection });
    await settle();
    expect(fake.callsOf('hosts.list')).toHaveLength(1);
    push({ state: 'connecting', problem: null });
    push({ state: 'connected', problem: null });
    await settle();
    expect(fake.callsOf('hosts.list')).toHaveLength(2);
  });
});
