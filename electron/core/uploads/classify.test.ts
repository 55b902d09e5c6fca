import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cannotRead, inspectFile, inspectSignature, kindOfName, MAX_SIGNATURE_BYTES } from './classify';
import { systemFolderOf } from './system-paths';
import { GZIP_MAGIC, makeFile, tempDir, ZSTD_MAGIC } from '../../test-kit/uploads';

let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ dir, remove } = await tempDir()));
afterAll(() => remove());

describe('kindOfName', () => {
  it('maps bundle and cluster definition names to their endpoint kind, case-insensitively', () => {
    expect(kindOfName('edge-content.tar.zst')).toBe('content');
    expect(kindOfName('OLD-TOOLS.ZST')).toBe('content');
    expect(kindOfName('cluster.tgz')).toBe('clusterconfig');
    expect(kindOfName('cluster.tar.gz')).toBe('clusterconfig');
    for (const name of ['bundle.tar', 'bundle.zip', 'notes.txt', '.zst', 'bundle.zst.part', 'image.iso']) expect(kindOfName(name)).toBeNull();
  });
});

describe('inspectFile', () => {
  it('accepts a zstd bundle and a gzip cluster definition with their size', async () => {
    const bundle = await makeFile(dir, 'ok.tar.zst', 4096);
    const def = await makeFile(dir, 'ok.tgz', 100, GZIP_MAGIC);
    expect((await inspectFile(bundle.path)).check).toEqual({ path: bundle.path, name: 'ok.tar.zst', size: 4096, kind: 'content', error: null });
    const checked = await inspectFile(def.path);
    expect(checked.check).toMatchObject({ kind: 'clusterconfig', size: 100, error: null });
    expect(checked.identity?.size).toBe(100);
  });

  it('accepts a zstd stream that opens with a skippable frame (pzstd)', async () => {
    const file = await makeFile(dir, 'pz.zst', 64, Buffer.from([0x50, 0x2a, 0x4d, 0x18]));
    expect((await inspectFile(file.path)).check.error).toBeNull();
  });

  it('refuses other types by name, before looking at the bytes', async () => {
    const file = await makeFile(dir, 'movie.iso', 100);
    const { check } = await inspectFile(file.path);
    expect(check.kind).toBeNull();
    expect(check.error).toBe('movie.iso is not a content bundle (.tar.zst, .zst) or a cluster definition (.tgz).');
  });

  it('refuses a file whose bytes do not match its name', async () => {
    const garbage = await makeFile(dir, 'garbage.tar.zst', 2048, Buffer.from('hello world'));
    const fakeGzip = await makeFile(dir, 'fake.tgz', 2048, ZSTD_MAGIC);
    const tiny = path.join(dir, 'tiny.zst');
    await writeFile(tiny, Buffer.from([0x28, 0xb5]));
    expect((await inspectFile(garbage.path)).check.error).toMatch(/^garbage\.tar\.zst is named like a content bundle but is not a zstd archive/);
    expect((await inspectFile(fakeGzip.path)).check.error).toMatch(/^fake\.tgz is named like a cluster definition but is not a gzip archive/);
    expect((await inspectFile(tiny)).check.error).toMatch(/not a zstd archive/);
  });

  it('refuses an empty file, a folder, a missing file and a relative path', async () => {
    await writeFile(path.join(dir, 'empty.tar.zst'), '');
    await mkdir(path.join(dir, 'folder.tar.zst'));
    expect((await inspectFile(path.join(dir, 'empty.tar.zst'))).check.error).toMatch(/^empty\.tar\.zst is empty \(0 bytes\), so it cannot be a content bundle/);
    expect((await inspectFile(path.join(dir, 'folder.tar.zst'))).check.error).toBe('folder.tar.zst is a folder, not a file. Choose the bundle file itself.');
    expect((await inspectFile(path.join(dir, 'gone.tar.zst'))).check.error).toMatch(/^gone\.tar\.zst was not found\. Check that the drive is plugged in/);
    expect((await inspectFile('bundle.tar.zst')).check.error).toMatch(/needs the full path of bundle\.tar\.zst/);
  });

  it('follows a symbolic link to the bundle, and refuses a dangling one', async () => {
    const target = await makeFile(dir, 'real.tar.zst', 512);
    await symlink(target.path, path.join(dir, 'link.tar.zst'));
    await symlink(path.join(dir, 'nowhere'), path.join(dir, 'dangling.tar.zst'));
    expect((await inspectFile(path.join(dir, 'link.tar.zst'))).check).toMatchObject({ size: 512, error: null });
    expect((await inspectFile(path.join(dir, 'dangling.tar.zst'))).check.error).toMatch(/was not found/);
  });

  it('says in plain words why a file cannot be read', () => {
    expect(cannotRead('b.zst', Object.assign(new Error('x'), { code: 'EACCES' }))).toMatch(
      /^b\.zst cannot be read: this computer does not allow Fieldlink to open it/,
    );
    expect(cannotRead('b.zst', Object.assign(new Error('x'), { code: 'EIO' }))).toBe('b.zst cannot be read (EIO). Check the drive and try again.');
  });
});

describe('inspectSignature', () => {
  it('accepts a small file and refuses an empty, huge or missing one', async () => {
    await writeFile(path.join(dir, 'ok.sig'), 'signature');
    await writeFile(path.join(dir, 'empty.sig'), '');
    await writeFile(path.join(dir, 'huge.sig'), Buffer.alloc(MAX_SIGNATURE_BYTES + 1));
    expect((await inspectSignature(path.join(dir, 'ok.sig'))).check).toMatchObject({ size: 9, error: null });
    expect((await inspectSignature(path.join(dir, 'empty.sig'))).check.error).toMatch(/signature empty\.sig is empty/);
    expect((await inspectSignature(path.join(dir, 'huge.sig'))).check.error).toMatch(/far too large to be a signature/);
    expect((await inspectSignature(path.join(dir, 'none.sig'))).check.error).toMatch(/^Signature: none\.sig was not found/);
  });
});

describe('system folders and special files', () => {
  it('refuses anything under a system folder before reading it, also through a symbolic link', async () => {
    expect((await inspectFile('/etc/shadow')).check.error).toBe(
      'shadow is in /etc, a system folder: Fieldlink does not read files there. Copy the bundle to your own folders (e.g. Downloads) and choose it there.',
    );
    for (const file of ['/etc/passwd.tar.zst', '/proc/self/environ', '/sys/kernel/x.zst', '/boot/vmlinuz.tgz', '/dev/../etc/hosts']) {
      expect((await inspectFile(file)).check.error, file).toMatch(/a system folder/);
    }
    await symlink('/etc/hostname', path.join(dir, 'sneaky.tar.zst'));
    expect((await inspectFile(path.join(dir, 'sneaky.tar.zst'))).check.error).toMatch(/^sneaky\.tar\.zst is in \/etc, a system folder/);
    expect((await inspectSignature('/dev/zero')).check.error).toMatch(/^Signature: zero is in \/dev, a system folder/);
  });

  it('refuses a named pipe as a bundle or a signature without opening it (an open would block)', async () => {
    const fifo = path.join(dir, 'pipe.tar.zst');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      console.log('mkfifo is not available here: the named-pipe case is not checked');
      return;
    }
    expect((await inspectFile(fifo)).check.error).toMatch(/is not an ordinary file \(it is a device or a pipe\)/);
    expect((await inspectSignature(fifo)).check.error).toMatch(/is not a file/);
  });

  it('knows the Windows system folder, in any letter case', async () => {
    expect(await systemFolderOf('C:\\WINDOWS\\System32\\config\\SAM', 'win32')).toBe(process.env.SystemRoot ?? 'C:\\Windows');
    expect(await systemFolderOf('D:\\bundles\\edge.tar.zst', 'win32')).toBeNull();
    expect(await systemFolderOf(path.join(dir, 'ok.tar.zst'))).toBeNull();
  });
});
