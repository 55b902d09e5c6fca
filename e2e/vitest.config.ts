// The browser end-to-end tests: `npm run test:e2e`. The built renderer served by `npm run serve`'s startServe(), the
// real console core, a simulated site on 127.0.0.1, and Debian's Chromium driven by playwright-core.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../', import.meta.url)),
  test: {
    include: ['e2e/browser/**/*.test.ts'],
    globalSetup: ['e2e/browser/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One browser and one site at a time: the machines this runs on have two cores.
    fileParallelism: false,
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
