// `postinstall` where Electron's binary cannot be downloaded: the install goes on (exit 0) and says so in one line.
// Only the failure path runs here: a successful download would put a binary into this checkout's node_modules.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { electronBinary } from './start';

const run = promisify(execFile);
const script = fileURLToPath(new URL('./install-electron.mjs', import.meta.url));

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('postinstall without a reachable Electron download', () => {
  const installed = electronBinary();
  if (installed) console.log(`install-electron.test.ts: skipped, Electron is already installed here (${installed}), so nothing is downloaded.`);

  it.skipIf(installed !== null)('prints one line, names the reason, and exits 0', async () => {
    const cache = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-electron-cache-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`, electron_config_cache: cache };
      delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
      const { stdout, stderr } = await run(process.execPath, [script], { env });
      expect(stderr).toBe('');
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Fieldlink: the desktop window is unavailable here \(Electron's download failed: connect ECONNREFUSED 127\.0\.0\.1:\d+\)/);
      expect(lines[0]).toContain('`npm start` and `npm run demo` serve the console for your browser instead and print the address to open');
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  });

  it('says the same, without trying, when ELECTRON_SKIP_BINARY_DOWNLOAD is set', async () => {
    const { stdout } = await run(process.execPath, [script], { env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    const expected = installed ? [] : [expect.stringMatching(/^Fieldlink: no desktop window \(ELECTRON_SKIP_BINARY_DOWNLOAD is set\)/)];
    expect(stdout.trim() ? stdout.trim().split('\n') : []).toEqual(expected);
  });
});
