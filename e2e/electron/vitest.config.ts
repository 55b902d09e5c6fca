// The Electron end-to-end tests: `xvfb-run -a npx vitest run -c e2e/electron/vitest.config.ts` on a Linux machine
// without a display (CI), plain `npx vitest run -c e2e/electron/vitest.config.ts` elsewhere. Where no Electron
// binary was downloaded they print one line saying so and skip.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../../', import.meta.url)),
  test: {
    include: ['e2e/electron/**/*.test.ts'],
    testTimeout: 120_000,
    // Builds main, preload and renderer, then starts a site and the app.
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
