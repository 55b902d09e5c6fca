// Sites keep apart what a technician met at each: hosts, pinned certificates and credentials of one site are not
// seen from another, on the same laptop and the same vault.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { startFakeHost } from '../../test-kit/core/fake-host';
import type { Vault } from '../vault';
import { siteName, siteStateDir } from './site-dir';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

/** Like the desktop keyring: one store of secrets for every site. */
class SharedVault implements Vault {
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key) ?? null;
  }
  async set(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

describe('sites', () => {
  it('keep hosts, pins and credentials apart; the vault holds each site under keys of its own', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-sites-'));
    open.push({ close: () => rm(root, { recursive: true, force: true }) });
    const fake = await startFakeHost();
    open.push(fake);
    const vault = new SharedVault();

    const plant: Harness = await startHarness({ stateDir: root, site: 'Plant-7', vault, user: 'kairos', password: 'kairos' });
    const added = await plant.core.handlers['hosts.add']({ address: fake.url });
    await plant.core.handlers['certificates.trust']({ hostId: added.id, fingerprint: added.offeredFingerprint! });
    await plant.waitHost(fake.url, (v) => v.access === 'ok');
    expect(await plant.core.handlers['app.info']({})).toMatchObject({ site: 'plant-7', stateDir: path.join(root, 'sites', 'plant-7') });
    await plant.core.close();

    const depot = await startHarness({ stateDir: root, site: 'depot', vault });
    open.push({ close: () => depot.core.close() });
    expect(await depot.hosts()).toEqual([]);
    expect(await depot.core.handlers['credentials.status']({})).toMatchObject({ siteSet: false });
    const there = await depot.core.handlers['hosts.add']({ address: fake.url });
    expect(there.access).toBe('needs-trust');
    expect(await depot.core.handlers['sites.list']({})).toEqual({
      current: 'depot',
      sites: ['depot', 'plant-7'],
      hostCounts: { '': 0, depot: 1, 'plant-7': 1 },
    });
    expect([...vault.values.keys()].every((k) => k.startsWith('site:plant-7:'))).toBe(true);

    // Back at the plant: everything is as it was left.
    const back = await startHarness({ stateDir: root, site: 'plant-7', vault });
    open.push({ close: () => back.core.close() });
    expect(await back.core.handlers['credentials.status']({})).toMatchObject({ siteSet: true, siteUser: 'kairos' });
    await back.waitHost(fake.url, (v) => v.access === 'ok', 10_000, 'the plant host signed in with the plant credentials');
  });

  it('refuses a site name that could leave the state folder', () => {
    expect(() => siteName('../etc')).toThrow(/cannot be a site name/);
    expect(() => siteName('..')).toThrow(/cannot be a site name/);
    expect(() => siteName('///')).toThrow(/cannot be a site name/);
    expect(siteName('a/b')).toBe('a-b');
    expect(siteName('Plant 7')).toBe('plant-7');
    // Windows drops a trailing dot and keeps device names: neither may become a site folder.
    expect(siteName('plant.')).toBe('plant');
    expect(() => siteName('CON')).toThrow(/cannot be a site name/);
    expect(() => siteName('lpt1.site')).toThrow(/cannot be a site name/);
    expect(siteStateDir('/s', null)).toBe('/s');
    expect(siteStateDir('/s', 'Demo')).toBe(path.join('/s', 'sites', 'demo'));
  });
});
