import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type * as FsPromises from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Every open file handle is watched: which path it was opened on, and when it was synced or renamed, in order.
const events: string[] = [];
const faults: { failWriteAfter?: number; failRename?: boolean } = {};

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return {
    ...real,
    open: async (file: string, flags?: string, mode?: number) => {
      const handle = await real.open(file, flags, mode);
      const name = path.basename(file) || file;
      const isTemp = name.endsWith('.tmp');
      return new Proxy(handle, {
        get(target, prop) {
          if (prop === 'sync') {
            return async () => {
              events.push(`sync ${isTemp ? 'temp' : flags === 'r' ? 'dir' : name}`);
              await target.sync();
            };
          }
          if (prop === 'writeFile' && faults.failWriteAfter !== undefined) {
            // A disk that fills up part-way: some bytes land, then the write fails.
            return async (data: string | Buffer) => {
              await target.writeFile(Buffer.from(data).subarray(0, faults.failWriteAfter));
              throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
            };
          }
          const value = Reflect.get(target, prop) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
    rename: async (from: string, to: string) => {
      if (faults.failRename) throw Object.assign(new Error('rename refused'), { code: 'EXDEV' });
      events.push('rename');
      await real.rename(from, to);
    },
  };
});

const { writeFileAtomic, writeFileAtomicSync, CoalescedJsonFile } = await import('./atomic-file');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-atomic-'));
  events.length = 0;
  delete faults.failWriteAfter;
  delete faults.failRename;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('syncs the temp file before the rename and the folder after it', async () => {
    const file = path.join(dir, 'state.json');
    await writeFileAtomic(file, '{"a":1}\n');
    expect(events).toEqual(['sync temp', 'rename', 'sync dir']);
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('leaves the old content whole when the write fails part-way, and no temp file', async () => {
    const file = path.join(dir, 'state.json');
    await writeFile(file, 'old content, complete\n');
    faults.failWriteAfter = 5;
    await expect(writeFileAtomic(file, 'new content that will not fit\n')).rejects.toThrow(/no space/);
    expect(await readFile(file, 'utf8')).toBe('old content, complete\n');
    expect(await readdir(dir)).toEqual(['state.json']);
    expect(events).not.toContain('rename');
  });

  it('leaves no file at all when the first write of a new file fails', async () => {
    const file = path.join(dir, 'fresh.json');
    faults.failWriteAfter = 3;
    await expect(writeFileAtomic(file, 'abcdefgh')).rejects.toThrow(/no space/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes the temp file when the rename is refused', async () => {
    const file = path.join(dir, 'state.json');
    await writeFile(file, 'old\n');
    faults.failRename = true;
    await expect(writeFileAtomic(file, 'new\n')).rejects.toThrow(/rename refused/);
    expect(await readFile(file, 'utf8')).toBe('old\n');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('creates a missing folder privately and writes the file private by default', async () => {
    const file = path.join(dir, 'deep', 'er', 'secret.json');
    await writeFileAtomic(file, 'x');
    const { stat } = await import('node:fs/promises');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe('x');
  });
});

// The same steps with node:fs (not watched above): what they leave on the disk.
describe('writeFileAtomicSync', () => {
  it('replaces the content whole, with the mode asked for, and leaves only the file', async () => {
    const file = path.join(dir, 'cache.bin');
    await writeFile(file, 'old\n');
    writeFileAtomicSync(file, Buffer.from('new content\n'), 0o644);
    expect(await readFile(file, 'utf8')).toBe('new content\n');
    const { stat } = await import('node:fs/promises');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(await readdir(dir)).toEqual(['cache.bin']);
  });

  it('throws and leaves no temp file when the rename cannot happen', async () => {
    // A folder that is not empty cannot be replaced by a file.
    const target = path.join(dir, 'taken');
    await mkdir(target);
    await writeFile(path.join(target, 'inside'), 'x');
    expect(() => writeFileAtomicSync(target, 'new')).toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
  });
});

describe('CoalescedJsonFile', () => {
  it('writes every save through the synced path, newest value last', async () => {
    const file = new CoalescedJsonFile<{ n: number }>(path.join(dir, 'c.json'));
    void file.save({ n: 1 }); // reason: flush below waits for this save and reports nothing of its own
    await file.save({ n: 2 });
    await file.flush();
    expect(JSON.parse(await readFile(file.file, 'utf8'))).toEqual({ n: 2 });
    expect(events.filter((e) => e === 'sync temp').length).toBe(events.filter((e) => e === 'rename').length);
  });
});
