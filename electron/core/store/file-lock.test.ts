// The lock beside a shared state file: one holder at a time, and none left behind by a command that exits mid-write.
import { execFile } from 'node:child_process';
import { access, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockFile, STALE_LOCK_MS, takeOverStale } from './file-lock';

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

  it('takes over a lock left by a process that died mid-write', async () => {
    const lock = path.join(dir, 'record.json.lock');
    await writeFile(lock, '');
    const old = (Date.now() - STALE_LOCK_MS - 5_000) / 1000;
    await utimes(lock, old, old);
    const release = await lockFile(lock, 1_000, 'the test record');
    expect((await stat(lock)).mtimeMs).toBeGreaterThan(old * 1000 + STALE_LOCK_MS);
    await release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('never removes the fresh lock another process took after both found the same stale one', async () => {
    const lock = path.join(dir, 'record.json.lock');
    // The faster process removed the stale lock and took a new one; the slower acts on the stale one it saw.
    await writeFile(lock, 'fresh-holder');
    await takeOverStale(lock, 'dead-holder');
    expect(await readFile(lock, 'utf8')).toBe('fresh-holder');
    expect(await readdir(dir)).toEqual(['record.json.lock']);
  });

  it('removes the stale lock it saw, and nothing when another taker removed it first', async () => {
    const lock = path.join(dir, 'record.json.lock');
    await writeFile(lock, 'dead-holder');
    await takeOverStale(lock, 'dead-holder');
    expect(await readdir(dir)).toEqual([]);
    await takeOverStale(lock, 'dead-holder');
    expect(await readdir(dir)).toEqual([]);
  });

  it('does not remove, on release, a lock that another process took over meanwhile', async () => {
    const lock = path.join(dir, 'record.json.lock');
    const release = await lockFile(lock, 1_000, 'the test record');
    // This holder was paused past STALE_LOCK_MS and another took the lock over.
    await rm(lock);
    await writeFile(lock, 'theirs');
    await release();
    expect(await readdir(dir)).toEqual(['record.json.lock']);
  });

  it('leaves no lock behind when the command exits while holding it', async () => {
    const lock = path.join(dir, 'record.json.lock');
    const script = `const { lockFile } = await import(${JSON.stringify(lockModule)}); await lockFile(${JSON.stringify(lock)}, 1000, 'x'); console.log('held'); process.exit(0);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 60_000 });
    expect(stdout.trim()).toBe('held');
    expect(await readdir(dir)).toEqual([]);
  });
});
