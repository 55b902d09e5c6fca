import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit and integration tests (Node). Browser, site-network and Electron end-to-end tests live in e2e/ with their own config.
export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'simulator/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most files wait on timers, sockets and child processes rather than compute: one worker more than the cores keeps
    // them busy (on 2 cores: 370 s with vitest's default of one worker, 161 s with three).
    maxWorkers: os.availableParallelism() + 1,
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
