// Starts two record-writer.ts processes ("alpha" and "bravo") on one state folder, waits until both are ready, tells
// both to go at once and waits for both to finish: the two-writer tests of electron/core/store/ without a guessed
// sleep. Each wait ends on the child's own line or its exit; the test's timeout is the only ceiling.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const writer = fileURLToPath(new URL('./record-writer.ts', import.meta.url));
export const WRITERS = ['alpha', 'bravo'] as const;

/** Resolves once both writers said "done"; rejects with a writer's problems or its stderr when it did not. */
export async function runTwoWriters(kind: 'login' | 'leaders' | 'unlink' | 'pins' | 'hosts', dir: string, count: number): Promise<void> {
  const children = WRITERS.map((prefix): ChildProcessWithoutNullStreams =>
    spawn(process.execPath, ['--import', 'tsx', writer, kind, dir, prefix, String(count)], { stdio: ['pipe', 'pipe', 'pipe'] }),
  );
  const lines = children.map((child) => {
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const out = createInterface({ input: child.stdout });
    return () =>
      new Promise<string>((resolve, reject) => {
        out.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`the ${kind} writer exited (${code}) early: ${stderr}`)));
      });
  });
  try {
    const ready = await Promise.all(lines.map((next) => next()));
    if (ready.some((l) => l !== 'ready')) throw new Error(`the ${kind} writers did not start: ${ready.join(' | ')}`);
    const done = Promise.all(lines.map((next) => next()));
    for (const child of children) child.stdin.write('go\n');
    const finished = await done;
    if (finished.some((l) => l !== 'done')) throw new Error(`the ${kind} writers reported: ${finished.join(' | ')}`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}
