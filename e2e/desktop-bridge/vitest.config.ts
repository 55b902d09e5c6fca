// The desktop-bridge layer: the built renderer in Chromium with `window.fieldlink` made by the real preload through
// a faithful contextBridge stand-in (issue 9). Run: npx vitest run -c e2e/desktop-bridge/vitest.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../../', import.meta.url)),
  test: {
    include: ['e2e/desktop-bridge/**/*.test.ts'],
    // Builds the renderer once, so the page is the code under test.
    globalSetup: ['e2e/browser/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
