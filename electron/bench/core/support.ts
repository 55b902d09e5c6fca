// Shared pieces of the core benchmarks: a simulated site in a child process and a core pinned to loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { StartSiteOptions } from '../../../simulator/site';
import { createConsoleCore, MemoryVault, type ConsoleCore, type ConsoleCoreOptions } from '../../core/index';

export const USER = 'kairos';
export const PASSWORD = 'bench-password-1';

export interface SimHostInfo {
  id: string;
  name: string;
  url: string;
  port: number;
  fingerprint: string;
}

export interface ChildSite {
  hosts: SimHostInfo[];
  startedAt: number;
  readyAt: number;
  /** Resolves with the time the child's own browser heard each host announce itself. */
  announced: Promise<Record<string, number>>;
  /** CPU time the simulator process has used so far (ms), from /proc where available. */
  cpuMs(): Promise<number | null>;
  stop(): Promise<void>;
}

export async function startChildSite(opts: Partial<StartSiteOptions> & { hosts: number; watchAnnouncements?: boolean }): Promise<ChildSite> {
  const script = fileURLToPath(new URL('./sim-child.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify({ user: USER, password: PASSWORD, ...opts })], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const queue: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  lines.on('line', (line) => (waiters.length ? waiters.shift()!(line) : queue.push(line)));
  const next = () =>
    new Promise<string>((resolve, reject) => {
      if (queue.length) return resolve(queue.shift()!);
      waiters.push(resolve);
      child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
    });
  const first = JSON.parse(await next()) as { hosts: SimHostInfo[]; startedAt: number; readyAt: number };
  return {
    ...first,
    announced: opts.watchAnnouncements ? next().then((l) => (JSON.parse(l) as { announced: Record<string, number> }).announced) : Promise.resolve({}),
    cpuMs: async () => {
      try {
        const stat = (await readFile(`/proc/${child.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
        return ((Number(stat[11]) + Number(stat[12])) * 1000) / 100;
      } catch {
        return null;
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function startBenchCore(opts: Partial<ConsoleCoreOptions> = {}): Promise<{ core: ConsoleCore; close(): Promise<void> }> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-bench-'));
  const core = await createConsoleCore({
    stateDir,
    vault: new MemoryVault(),
    bridge: 'cli',
    discovery: false,
    mdnsInterfaces: ['127.0.0.1'],
    trustNew: true,
    ...opts,
  });
  await core.handlers['credentials.setSite']({ username: USER, password: PASSWORD });
  return {
    core,
    close: async () => {
      await core.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export async function until<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
