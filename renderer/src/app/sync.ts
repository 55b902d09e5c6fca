// Keeps the stores in step with the core: load the lists once, then apply events, coalesced per frame. After the
// bridge reconnects, events sent while it was down are lost, so everything is loaded again.
import type { ConsoleApi, HostView, TaskView } from '../../../shared/contract';
import { createFrameBatch, type Schedule } from '../lib/frame-batch';
import { useHostsStore } from '../entities/hosts/hosts-store';
import { resetStableOrder } from '../entities/hosts/stable-order';
import { useTasksStore } from '../entities/tasks/tasks-store';
import { useSettingsStore } from '../entities/settings/settings-store';
import { useCredentialsStore } from '../features/credentials/credentials-store';
import { notifyTaskEnded } from '../features/tasks/task-notify';
import { notifyDiscoveryProblem } from '../features/discovery/discovery-problems';
import { notifyError } from '../ui/notify';
import { useConnectionStore, type ConnectionSource } from './connection-store';

type Change = { hosts: HostView[]; removed: string[] } | { task: TaskView };

export interface SyncOptions {
  schedule?: Schedule;
  connection?: ConnectionSource;
}

export function applyChanges(changes: Change[]): void {
  // Last view per host wins; a removal after an upsert of the same id removes it (and the reverse re-adds it).
  const hosts = new Map<string, HostView | null>();
  const tasks = new Map<string, TaskView>();
  for (const c of changes) {
    if ('task' in c) tasks.set(c.task.id, c.task);
    else {
      for (const h of c.hosts) hosts.set(h.id, h);
      for (const id of c.removed) hosts.set(id, null);
    }
  }
  if (hosts.size > 0) {
    const upserted: HostView[] = [];
    const removed: string[] = [];
    for (const [id, h] of hosts) {
      if (h) upserted.push(h);
      else removed.push(id);
    }
    useHostsStore.getState().apply(upserted, removed);
  }
  if (tasks.size > 0) useTasksStore.getState().apply([...tasks.values()]);
}

/** Starts syncing; returns the function that stops it. */
export function startSync(api: ConsoleApi, options: SyncOptions = {}): () => void {
  const batch = createFrameBatch<Change>(applyChanges, options.schedule);
  let stopped = false;
  let loadRun = 0;

  // Another site opened since the last load: its hosts take no place from the last site's (stable-order.ts). Kept
  // until a load lands, as a reconnect's load may overtake the one the site change started.
  let newSite = false;

  const load = async () => {
    const run = ++loadRun;
    batch.pause();
    try {
      const [hosts, tasks, settings, credentials] = await Promise.all([
        api['hosts.list']({}),
        api['tasks.list']({}),
        api['settings.get']({}),
        api['credentials.status']({}),
      ]);
      if (stopped || run !== loadRun) return;
      if (newSite) resetStableOrder();
      newSite = false;
      useHostsStore.getState().replaceAll(hosts);
      useTasksStore.getState().replaceAll(tasks);
      useSettingsStore.getState().set(settings);
      useCredentialsStore.getState().set(credentials);
    } catch (err) {
      if (!stopped && useConnectionStore.getState().status.state === 'connected') notifyError('Could not load the site', err);
    } finally {
      // Events that arrived during the load are newer than the lists: apply them on top.
      if (!stopped && run === loadRun) batch.resume();
    }
  };

  const offs = [
    api.on('hosts.changed', (p) => batch.push({ hosts: p.upserted, removed: p.removed })),
    api.on('tasks.changed', (t) => batch.push({ task: t })),
    api.on('tasks.ended', (t) => {
      batch.push({ task: t });
      notifyTaskEnded(t);
    }),
    api.on('settings.changed', (s) => useSettingsStore.getState().set(s)),
    api.on('discovery.problem', (p) => notifyDiscoveryProblem(p.interface, p.message)),
    // Another site is open: every list belongs to the old one, so all of it is loaded again.
    api.on('site.changed', () => {
      newSite = true;
      void load(); // load reports its own failure
    }),
  ];

  let wasConnected: boolean | null = null;
  const offConnection = options.connection?.subscribe((status) => {
    const connected = status.state === 'connected';
    useConnectionStore.setState((s) => ({ status, everConnected: s.everConnected || connected }));
    if (connected && wasConnected === false) void load(); // load notifies its own failure
    wasConnected = connected;
  });
  // load notifies its own failure (once connected) and never rejects.
  void load();

  return () => {
    stopped = true;
    for (const off of offs) off();
    offConnection?.();
    batch.dispose();
  };
}
