import { defineConfig } from 'vitest/config';

// Unit and integration tests (Node). Browser, site-network and Electron end-to-end tests live in e2e/ with their own config.
export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'simulator/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
