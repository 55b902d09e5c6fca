// Launching the built desktop app under Playwright for the Electron end-to-end tests, and talking to the console
// through the page's own `window.fieldlink` (the real preload and the real IPC).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import type { CommandInput, CommandName, CommandOutput, ErrorInfo, TaskView } from '../../shared/contract';
import { electronBinary } from '../../scripts/start';
import { forgeViteBuild } from './forge-build';

export const projectDir = fileURLToPath(new URL('../../', import.meta.url));

/** Why these tests cannot run here, or null when they can. */
export function electronE2eSkipReason(): string | null {
  if (!electronBinary()) return 'no Electron binary on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD)';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display (run them under xvfb-run -a)';
  }
  return null;
}

/** Builds main, preload and renderer exactly as `electron-forge package` would, into .vite/build and dist/renderer. */
export async function buildApp(): Promise<void> {
  await forgeViteBuild({ projectDir, targets: ['main', 'preload', 'renderer'] });
}

export interface LaunchedApp {
  app: ElectronApplication;
  page: Page;
  stateDir: string;
  close(): Promise<void>;
}

export async function launchApp(env: Record<string, string>): Promise<LaunchedApp> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-e2e-electron-'));
  const app = await _electron.launch({
    executablePath: electronBinary()!,
    args: [projectDir],
    cwd: projectDir,
    env: {
      ...(process.env as Record<string, string>),
      // A throw-away profile (userData, state, single-instance lock) and secrets kept in memory.
      FIELDLINK_STATE_DIR: stateDir,
      FIELDLINK_VAULT: 'memory',
      ...env,
    },
    timeout: 60_000,
  });
  const page = await app.firstWindow();
  await page.waitForFunction(() => typeof (window as unknown as { fieldlink?: unknown }).fieldlink === 'object', null, { timeout: 30_000 });
  return {
    app,
    page,
    stateDir,
    close: async () => {
      await app.close().catch(() => {});
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

type Outcome<T> = { ok: true; data: T } | { ok: false; error: ErrorInfo & { name: string } };

/** Calls a command through window.fieldlink in the page, keeping a thrown error's code and host id. */
export async function call<K extends CommandName>(page: Page, name: K, input: CommandInput<K>): Promise<Outcome<CommandOutput<K>>> {
  return page.evaluate(
    async ([n, i]) => {
      const api = (window as unknown as { fieldlink: Record<string, (x: unknown) => Promise<unknown>> }).fieldlink;
      try {
        return { ok: true as const, data: (await api[n]!(i)) as never };
      } catch (err) {
        const e = err as Error & { code?: string; hostId?: string };
        return { ok: false as const, error: { name: e.name, code: e.code as never, message: e.message, ...(e.hostId ? { hostId: e.hostId } : {}) } };
      }
    },
    [name, input] as const,
  );
}

/** Like call() but throws on an error answer. */
export async function data<K extends CommandName>(page: Page, name: K, input: CommandInput<K>): Promise<CommandOutput<K>> {
  const outcome = await call(page, name, input);
  if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.data;
}

export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits for a task to reach a final state, from the page's own task list. */
export async function waitForTask(page: Page, taskId: string, timeoutMs = 60_000): Promise<TaskView> {
  return waitFor(`task ${taskId}`, timeoutMs, async () => {
    const tasks = await data(page, 'tasks.list', {});
    const task = tasks.find((t) => t.id === taskId);
    return task && !['queued', 'running'].includes(task.state) ? task : null;
  });
}
