// A core for tests: its own temporary state directory, an in-memory vault, captured logs and events, fast polling,
// and mDNS pinned to loopback (never the machine's real interfaces).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EventName, EventPayload, HostView, TaskView } from '../../../shared/contract';
import { createConsoleCore, MemoryVault, type ConsoleCore, type ConsoleCoreOptions } from '../../core/index';
import { waitFor } from './wait';

export interface Harness {
  core: ConsoleCore;
  stateDir: string;
  logs: string[];
  events: { name: EventName; payload: unknown; at: number }[];
  hosts(): Promise<HostView[]>;
  host(ref: string): Promise<HostView>;
  waitHost(ref: string, ok: (h: HostView) => boolean, timeoutMs?: number, what?: string): Promise<HostView>;
  runTask(start: Promise<{ taskId: string }>): Promise<TaskView>;
  close(): Promise<void>;
}

export async function startHarness(opts: Partial<ConsoleCoreOptions> & { user?: string; password?: string } = {}): Promise<Harness> {
  const stateDir = opts.stateDir ?? (await mkdtemp(path.join(os.tmpdir(), 'fieldlink-core-test-')));
  const logs: string[] = [];
  const record = (level: string) => (msg: string, fields?: Record<string, unknown>) => logs.push(`${level} ${msg} ${fields ? JSON.stringify(fields) : ''}`);
  const { user, password, ...coreOpts } = opts;
  const core = await createConsoleCore({
    vault: new MemoryVault(),
    bridge: 'cli',
    discovery: false,
    mdnsInterfaces: ['127.0.0.1'],
    logger: { info: record('info'), warn: record('warn'), error: record('error') },
    timing: { beatMs: 500 },
    ...coreOpts,
    stateDir,
  });
  const events: Harness['events'] = [];
  for (const name of ['hosts.changed', 'tasks.changed', 'tasks.ended', 'discovery.problem', 'settings.changed'] as const) {
    core.on(name, (payload: EventPayload<typeof name>) => events.push({ name, payload, at: Date.now() }));
  }
  if (user && password) await core.handlers['credentials.setSite']({ username: user, password });
  const h: Harness = {
    core,
    stateDir,
    logs,
    events,
    hosts: () => core.handlers['hosts.list']({}),
    host: (ref) => core.handlers['hosts.get']({ host: ref }),
    waitHost: (ref, ok, timeoutMs = 10_000, what) =>
      waitFor(
        async () => {
          // Not known yet (or re-keyed meanwhile): wait on.
          const view = await core.handlers['hosts.get']({ host: ref }).catch(() => null);
          return view && ok(view) ? view : null;
        },
        { timeoutMs, what: what ?? `host ${ref}` },
      ),
    runTask: async (start) => {
      const { taskId } = await start;
      return core.context.tasks.settled(taskId);
    },
    close: async () => {
      await core.close();
      if (!opts.stateDir) await rm(stateDir, { recursive: true, force: true });
    },
  };
  return h;
}
