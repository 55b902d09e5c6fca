import { defineConfig } from 'vitest/config';

// The site-network proof: namespaces, a bridge and real multicast. Runs as root; one file, never in parallel.
export default defineConfig({
  test: {
    include: ['e2e/site-network/**/*.test.ts'],
    root: new URL('../..', import.meta.url).pathname,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
