// CPUs of their own for the simulated host and for the tool under test in the upload benchmark. On a site the host
// is another machine; on a 2-vCPU laptop or VM sharing both CPUs, the host's threads and the tool's migrate across
// them, and one tool's timings varied by a third between runs minutes apart (curl alone: 3.8 to 5.3 s per GiB),
// far more than the differences being measured. Pinned, runs agree within a few per cent. Both tools (curl and
// Fieldlink's) get the same CPUs, so neither is favoured; --no-pin measures them unpinned.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const TASKSET = '/usr/bin/taskset';

export interface CpuPlan {
  /** taskset's CPU list for the simulated host (the benchmark's own process, every thread). */
  host: string;
  /** taskset's CPU list for the tools: curl, the CLI, serve and Chromium. */
  tools: string;
}

/** The plan, or why the benchmark runs unpinned. */
export function cpuPlan(argv: string[]): CpuPlan | { unpinned: string } {
  if (argv.includes('--no-pin')) return { unpinned: 'asked for (--no-pin)' };
  const cpus = os.availableParallelism();
  if (cpus < 2) return { unpinned: `only ${cpus} CPU` };
  if (!existsSync(TASKSET)) return { unpinned: `no ${TASKSET} (util-linux)` };
  return { host: '0', tools: cpus === 2 ? '1' : `1-${cpus - 1}` };
}

/** Pins a running process, all its threads; the threads it starts later inherit the pinning. */
export function pinProcess(pid: number, cpus: string): void {
  execFileSync(TASKSET, ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

/** The command and arguments that run `cmd` on `cpus`, or unchanged when unpinned. */
export function pinnedCommand(plan: CpuPlan | null, cmd: string, args: string[]): [string, string[]] {
  return plan ? [TASKSET, ['-c', plan.tools, cmd, ...args]] : [cmd, args];
}

/** A launcher for a browser that playwright starts itself: a script in `dir` that execs it pinned. */
export async function pinnedExecutable(plan: CpuPlan | null, executable: string, dir: string): Promise<string> {
  if (!plan) return executable;
  const script = path.join(dir, 'pinned-browser.sh');
  const quoted = `'${executable.replace(/'/g, `'\\''`)}'`;
  await writeFile(script, `#!/bin/sh\nexec ${TASKSET} -c ${plan.tools} ${quoted} "$@"\n`, { mode: 0o700 });
  return script;
}
