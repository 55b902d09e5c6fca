// Child processes for the site-network test: simulated hosts and the console driver, each started inside its own
// namespace with `ip netns exec` (which execs, so the PID we hold is the node process itself).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import type { CommandName, Envelope, EventName } from '../../shared/contract';

export const root = path.resolve(import.meta.dirname, '../..');

export function spawnInNamespace(ns: string, script: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams {
  return spawn('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Resolves with the first stdout line that parses as JSON and satisfies `accept`. */
export function firstJsonLine<T>(child: ChildProcessWithoutNullStreams, accept: (value: unknown) => boolean, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs} ms. stderr: ${stderr}`)), timeoutMs);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      try {
        const value: unknown = JSON.parse(line);
        if (accept(value)) {
          clearTimeout(timer);
          resolve(value as T);
        }
      } catch {
        // Not JSON: not for us.
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it was ready. stderr: ${stderr}`));
    });
  });
}

export async function stopChild(child: ChildProcessWithoutNullStreams, timeoutMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** A client of console-driver.ts: commands answer envelopes, events reach listeners. */
export class DriverClient {
  private nextId = 1;
  private readonly pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  private readonly listeners = new Set<(event: EventName, payload: unknown) => void>();

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      let message: { id?: number; envelope?: Envelope<unknown>; event?: EventName; payload?: unknown };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        return;
      }
      if (message.id !== undefined && message.envelope) {
        this.pending.get(message.id)?.(message.envelope);
        this.pending.delete(message.id);
      } else if (message.event) {
        for (const listener of this.listeners) listener(message.event, message.payload);
      }
    });
  }

  call<T = unknown>(command: CommandName, input: unknown = {}): Promise<Envelope<T>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (envelope: Envelope<unknown>) => void);
      this.child.stdin.write(`${JSON.stringify({ id, command, input })}\n`);
    });
  }

  async data<T>(command: CommandName, input: unknown = {}): Promise<T> {
    const envelope = await this.call<T>(command, input);
    if (!envelope.ok) throw new Error(`${command} failed: ${envelope.error.code}: ${envelope.error.message}`);
    return envelope.data;
  }

  onEvent(listener: (event: EventName, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
