// Builds the renderer once for all browser tests, so they always drive the code under test. The build goes to a
// folder of this run's own, not dist/renderer: a rebuild of dist/renderer while a test runs (another `npm run
// build:renderer`, another test run) would swap the lazily loaded chunks' names under an open page and break it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The renderer built for this run (index.html and assets). */
    rendererDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-e2e-renderer-'));
  await build({ configFile: path.join(repo, 'vite.renderer.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
  project.provide('rendererDir', outDir);
  return () => rm(outDir, { recursive: true, force: true });
}
