// The lock beside a shared state file: one holder at a time, and none left behind by a command that exits mid-write.
import { execFile } from 'node:child_process';
import { access, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockFile } from './file-lock';

const lockModule = fileURLToPath(new URL('./file-lock.ts', import.meta.url));
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'file-lock-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lockFile', () => {
  it('gives the lock to a second taker only once the first let go', async () => {
    const lock = path.join(dir, 'record.json.lock');
    const releaseFirst = await lockFile(lock, 30_000, 'the test record');
    let second = false;
    const taking = lockFile(lock, 30_000, 'the test record').then((release) => {
      second = true;
      return release;
    });
    // The second taker is polling now; it has not got the lock while the first holds it.
    await access(lock);
    expect(second).toBe(false);
    await releaseFirst();
    const releaseSecond = await taking;
    expect(second).toBe(true);
    await releaseSecond();
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves no lock behind when the command exits while holding it', async () => {
    const lock = path.join(dir, 'record.json.lock');
    const script = `const { lockFile } = await import(${JSON.stringify(lockModule)}); await lockFile(${JSON.stringify(lock)}, 1000, 'x'); console.log('held'); process.exit(0);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 60_000 });
    expect(stdout.trim()).toBe('held');
    expect(await readdir(dir)).toEqual([]);
  });
});
