// Launching the built desktop app under Playwright for the Electron end-to-end tests. The tests then drive the
// console by clicks (e2e/browser/console-page.ts), so every command goes through the renderer's own client.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { electronBinary } from '../../scripts/start';
import { forgeViteBuild } from './forge-build';

export const projectDir = fileURLToPath(new URL('../../', import.meta.url));

/** Why these tests cannot run here, or null when they can. */
export function electronE2eSkipReason(): string | null {
  if (!electronBinary()) return 'no Electron binary on this machine (its download was skipped or failed at install; `npm run postinstall` tries again)';
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
      // An app that already quit cannot be closed again; the profile is removed either way.
      await app.close().catch(() => {});
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
