// `npm run demo` works in a site of its own in a temporary folder: never the user's state, never a real site's.
import { rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultStateDir } from '../electron/bridge/run-options';
import { DEMO_SITE, demoConsoleOptions, makeDemoStateDir } from './demo';

describe('the demo', () => {
  it('starts the console on its own site in a fresh temporary folder, not the user state folder', async () => {
    const stateDir = await makeDemoStateDir();
    try {
      expect((await stat(stateDir)).isDirectory()).toBe(true);
      expect(path.relative(os.tmpdir(), stateDir).startsWith('..')).toBe(false);
      expect(stateDir).not.toBe(defaultStateDir());
      const options = demoConsoleOptions(stateDir, ['127.0.0.1'], { port: 0, browser: true });
      expect(options).toMatchObject({ stateDir, site: DEMO_SITE, env: { FIELDLINK_VAULT: 'memory' } });
      expect(DEMO_SITE).toBe('demo');
      const other = await makeDemoStateDir();
      expect(other).not.toBe(stateDir);
      await rm(other, { recursive: true, force: true });
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
