// The browser end-to-end tests: `npm run test:e2e`. The built renderer served by `npm run serve`'s startServe(), the
// real console core, a simulated site on 127.0.0.1, and Debian's Chromium driven by playwright-core.
import os from 'node:os';
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
    // Each file has its own browser, site and console on ports of its own, and much of a test is waiting on them: on 2
    // cores three files at a time take 93 s, one at a time 219 s. Capped so a big machine does not start a dozen
    // browsers.
    maxWorkers: Math.min(os.availableParallelism() + 1, 4),
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
