import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as atomicFile from '../../shared/node/atomic-file';
import type * as AtomicFile from '../../shared/node/atomic-file';

// The one shared atomic writer (fsync of file and folder) is watched, not replaced.
vi.mock('../../shared/node/atomic-file', async (importOriginal) => {
  const real = await importOriginal<typeof AtomicFile>();
  return { ...real, writeFileAtomic: vi.fn(real.writeFileAtomic) };
});

import { siteVault } from '../core/store/site-dir';
import { SESSION_ONLY_MESSAGE, SafeStorageVault, encryptionUsable, type SafeStorageLike } from './safe-storage-vault';

// The adapter takes safeStorage as a parameter; the mock only guarantees no real Electron is loaded by accident.
vi.mock('electron', () => ({ safeStorage: {} }));

/** A reversible stand-in for safeStorage: XOR with a key, so ciphertext differs from the text but decrypts back. */
function fakeSafeStorage(over: Partial<SafeStorageLike> = {}): SafeStorageLike {
  const key = 0x5a;
  return {
    isEncryptionAvailable: () => true,
    encryptString: (text) => Buffer.from(Buffer.from(`v10${text}`, 'utf8').map((b) => b ^ key)),
    decryptString: (blob) => {
      const text = Buffer.from(blob.map((b) => b ^ key)).toString('utf8');
      if (!text.startsWith('v10')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return text.slice(3);
    },
    getSelectedStorageBackend: () => 'gnome_libsecret',
    ...over,
  };
}

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-vault-'));
  file = path.join(dir, 'userData', 'secrets.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('SafeStorageVault', () => {
  it('keeps secrets encrypted on disk and reads them back in a new process', async () => {
    const vault = new SafeStorageVault(file, fakeSafeStorage(), 'linux');
    await vault.set('site', 'hunter2-password');
    await vault.set('host:edge-1', 'other-secret');
    expect(await vault.get('site')).toBe('hunter2-password');

    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain('hunter2');
    expect(JSON.parse(onDisk)).toMatchObject({ version: 1, entries: { site: expect.any(String), 'host:edge-1': expect.any(String) } });
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o077).toBe(0);
    expect(atomicFile.writeFileAtomic).toHaveBeenCalledWith(file, expect.any(String), 0o600);

    const again = new SafeStorageVault(file, fakeSafeStorage(), 'linux');
    expect(await again.get('host:edge-1')).toBe('other-secret');
    expect(await again.get('missing')).toBeNull();
  });

  it('deletes', async () => {
    const vault = new SafeStorageVault(file, fakeSafeStorage(), 'linux');
    await vault.set('site', 'a-password');
    await vault.delete('site');
    await vault.delete('never-there');
    expect(await vault.get('site')).toBeNull();
    expect(await new SafeStorageVault(file, fakeSafeStorage(), 'linux').get('site')).toBeNull();
  });

  it('does not lose a write when two changes race', async () => {
    const vault = new SafeStorageVault(file, fakeSafeStorage(), 'linux');
    await Promise.all([vault.set('a', 'one-secret'), vault.set('b', 'two-secret'), vault.set('c', 'three-secret')]);
    const fresh = new SafeStorageVault(file, fakeSafeStorage(), 'linux');
    expect([await fresh.get('a'), await fresh.get('b'), await fresh.get('c')]).toEqual(['one-secret', 'two-secret', 'three-secret']);
  });

  it('keeps secrets in memory for the session when the OS offers no encryption, and says so once', async () => {
    const told: string[] = [];
    const vault = new SafeStorageVault(
      file,
      fakeSafeStorage({ isEncryptionAvailable: () => false }),
      'win32',
      () => {},
      (m) => told.push(m),
    );
    await vault.set('site', 'hunter2');
    await vault.set('host:edge-1', 'other-secret');
    expect(await vault.get('site')).toBe('hunter2');
    expect(told).toEqual([SESSION_ONLY_MESSAGE]);
    await expect(readFile(file)).rejects.toThrow();
    await vault.delete('site');
    expect(await vault.get('site')).toBeNull();
  });

  it("with Linux's basic_text backend (a fixed key): the session keeps the password, the disk never sees it", async () => {
    const weak = fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' });
    expect(encryptionUsable(weak, 'linux')).toBe(false);
    expect(encryptionUsable(weak, 'darwin')).toBe(true);
    const told: string[] = [];
    const vault = new SafeStorageVault(
      file,
      weak,
      'linux',
      () => {},
      (m) => told.push(m),
    );
    await vault.set('site', 'x-password');
    expect(await vault.get('site')).toBe('x-password');
    await expect(readFile(file)).rejects.toThrow();
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/this session only/);
    expect(told[0]).toMatch(/--password-store=gnome-libsecret/);
    // A new session (a new vault on the same file) starts without it.
    expect(await new SafeStorageVault(file, weak, 'linux').get('site')).toBeNull();
    // What the credential dialogs say: not saved here (through a site's view of the vault too), saved with a keyring.
    expect(vault.savesSecrets).toBe(false);
    expect(siteVault(vault, 'north-yard').savesSecrets).toBe(false);
    expect(siteVault(new SafeStorageVault(file, fakeSafeStorage(), 'linux'), 'north-yard').savesSecrets).toBe(true);
  });

  it('drops the older encrypted copy on disk when a session-only password replaces it, so it never comes back', async () => {
    await new SafeStorageVault(file, fakeSafeStorage(), 'linux').set('site', 'old-password');
    await new SafeStorageVault(file, fakeSafeStorage(), 'linux').set('host:edge-1', 'kept-password');
    // Next session: the keyring is gone (basic_text); the technician enters the new password.
    const weak = fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' });
    const session = new SafeStorageVault(file, weak, 'linux');
    await session.set('site', 'new-password');
    expect(await session.get('site')).toBe('new-password');
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as { entries: Record<string, string> };
    expect(Object.keys(onDisk.entries)).toEqual(['host:edge-1']);
    // A later session with a working keyring again: the old password does not return; the untouched one stays.
    const later = new SafeStorageVault(file, fakeSafeStorage(), 'linux');
    expect(await later.get('site')).toBeNull();
    expect(await later.get('host:edge-1')).toBe('kept-password');
  });

  it('treats a secret it cannot decrypt (another account, a reset keyring) as absent', async () => {
    await new SafeStorageVault(file, fakeSafeStorage(), 'linux').set('site', 'hunter2');
    const problems: string[] = [];
    const otherKey = fakeSafeStorage({
      decryptString: () => {
        throw new Error('Error while decrypting');
      },
    });
    expect(await new SafeStorageVault(file, otherKey, 'linux', (m) => problems.push(m)).get('site')).toBeNull();
    expect(problems).toHaveLength(1);
  });

  it('starts afresh from a damaged file instead of failing', async () => {
    await writeFile(path.join(dir, 'broken.json'), '{"version":1,"entries":');
    const problems: string[] = [];
    const vault = new SafeStorageVault(path.join(dir, 'broken.json'), fakeSafeStorage(), 'linux', (m) => problems.push(m));
    expect(await vault.get('site')).toBeNull();
    await vault.set('site', 'new-secret');
    expect(await vault.get('site')).toBe('new-secret');
    expect(problems).toEqual(['The secrets file was unreadable and is being started afresh.']);
  });
});
