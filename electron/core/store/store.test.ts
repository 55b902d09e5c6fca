import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretSet } from '../log';
import { MemoryVault, type Vault } from '../vault';
import type { StoreProblem } from './atomic-json';
import { CredentialStore } from './credentials';
import { KnownHostsStore } from './known-hosts-store';
import { PinStore } from './pin-store';
import { SettingsStore } from './settings-store';
import { normalizeFingerprint } from '../util/fingerprint';

const FP_A = Array(32).fill('AA').join(':');
const FP_B = Array(32).fill('BB').join(':');
const ID = `edge-${'12'.repeat(16)}`;

let dir: string;
let problems: StoreProblem[];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-store-'));
  problems = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('settings', () => {
  it('starts from defaults, saves atomically and reads back', async () => {
    const s = new SettingsStore(dir, (p) => problems.push(p));
    await s.load();
    expect(s.get()).toMatchObject({ mdnsInterfaces: 'all', linkConcurrency: 16, probePort: 5080 });
    await s.update({ linkConcurrency: 4, mdnsInterfaces: ['127.0.0.1'] });
    const again = new SettingsStore(dir, (p) => problems.push(p));
    await again.load();
    expect(again.get()).toMatchObject({ linkConcurrency: 4, mdnsInterfaces: ['127.0.0.1'] });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('keeps the technician name, cleaned to one printable line, and clears it with an empty name', async () => {
    const s = new SettingsStore(dir, (p) => problems.push(p));
    await s.load();
    expect(s.get().technician).toBe('');
    await s.update({ technician: 'A.\u202e Tech\n\u0007' });
    const again = new SettingsStore(dir, (p) => problems.push(p));
    await again.load();
    expect(again.get().technician).toBe('A. Tech');
    await again.update({ technician: '' });
    const third = new SettingsStore(dir, (p) => problems.push(p));
    await third.load();
    expect(third.get().technician).toBe('');
    expect(problems).toEqual([]);
  });

  it('falls back per field when one value is bad', async () => {
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ version: 1, linkConcurrency: 'many', theme: 'dark' }));
    const s = new SettingsStore(dir, (p) => problems.push(p));
    await s.load();
    expect(s.get()).toMatchObject({ linkConcurrency: 16, theme: 'dark' });
  });

  it('moves a corrupt file aside, reports it and carries on with defaults', async () => {
    await writeFile(path.join(dir, 'settings.json'), '{ not json');
    const s = new SettingsStore(dir, (p) => problems.push(p));
    await s.load();
    expect(s.get().linkConcurrency).toBe(16);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.movedTo).toMatch(/settings\.json\.corrupt-/);
    expect((await readdir(dir)).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
  });
});

/** A saved host record as the store writes it. */
const knownRecord = () => ({
  key: ID,
  confirmedId: ID,
  claimedId: ID,
  name: 'h1',
  address: '10.0.0.1',
  port: 5080,
  sources: ['mdns'],
  lastSeen: 1,
  pinned: true,
  facts: null,
});

describe('known hosts', () => {
  it('keeps good records and drops a bad one', async () => {
    const good = knownRecord();
    await writeFile(path.join(dir, 'hosts.json'), JSON.stringify({ version: 1, hosts: [good, { key: 1 }] }));
    const store = new KnownHostsStore(dir, (p) => problems.push(p));
    expect(await store.load()).toEqual([good]);
  });

  it('drops a record whose address is not an IPv4 address (it would become a connect target)', async () => {
    const good = knownRecord();
    const edited = { ...good, key: 'other', confirmedId: null, claimedId: null, address: 'attacker.example' };
    await writeFile(path.join(dir, 'hosts.json'), JSON.stringify({ version: 1, hosts: [good, edited] }));
    const store = new KnownHostsStore(dir, (p) => problems.push(p));
    expect(await store.load()).toEqual([good]);
  });
});

describe('certificate pins', () => {
  it('knows trusted, unknown and changed certificates by endpoint and by id', async () => {
    const pins = new PinStore(dir, (p) => problems.push(p));
    await pins.load();
    const who = { confirmedId: null, claimedId: null, endpoint: '10.0.0.1:5080' };
    expect(pins.verdict(who, FP_A)).toBe('unknown');
    pins.trust(who, FP_A);
    expect(pins.verdict(who, FP_A)).toBe('trusted');
    expect(pins.verdict(who, FP_B)).toBe('changed');
    pins.confirm('10.0.0.1:5080', ID, FP_A);
    // Same host, new address: still trusted by id. Another machine claiming the id with another cert: changed.
    expect(pins.verdict({ confirmedId: null, claimedId: ID, endpoint: '10.0.0.9:5080' }, FP_A)).toBe('trusted');
    expect(pins.verdict({ confirmedId: null, claimedId: ID, endpoint: '10.0.0.9:5080' }, FP_B)).toBe('changed');
    expect(pins.idPinnedElsewhere(ID, FP_B)).toBe(true);
    await pins.flush();
    const again = new PinStore(dir, (p) => problems.push(p));
    await again.load();
    expect(again.verdict(who, FP_A)).toBe('trusted');
  });
});

/** A vault that outlives the process, like the desktop app's keyring: processes given the same map share it. */
class KeyringVault implements Vault {
  constructor(private readonly values = new Map<string, string>()) {}
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

describe('credentials', () => {
  it('keeps passwords only in the vault and forgets entries the vault lost', async () => {
    const vault = new KeyringVault();
    const creds = new CredentialStore(dir, vault, new SecretSet(), (p) => problems.push(p));
    await creds.load();
    await creds.setSite({ username: 'kairos', password: 's3cret-pw' });
    await creds.setHost(ID, { username: 'root', password: 'other-pw' });
    await creds.flush();
    const file = await readFile(path.join(dir, 'credentials.json'), 'utf8');
    expect(file).not.toMatch(/s3cret-pw|other-pw/);
    expect(creds.status()).toEqual({ siteSet: true, siteUser: 'kairos', hostOverrides: [ID], saved: true });
    expect(await creds.forHost(ID)).toEqual({ username: 'root', password: 'other-pw' });
    expect(await creds.forHost('10.0.0.1:5080')).toEqual({ username: 'kairos', password: 's3cret-pw' });
    // A new process with an empty memory vault: the index must not claim what it cannot give.
    const fresh = new CredentialStore(dir, new MemoryVault(), new SecretSet(), (p) => problems.push(p));
    await fresh.load();
    expect(fresh.status()).toEqual({ siteSet: false, siteUser: null, hostOverrides: [], saved: false });
  });
});

describe('state files shared by several processes', () => {
  const readJson = async (name: string) => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Record<string, unknown>;

  it("a CLI or serve run keeps the desktop app's saved user and per-host entries", async () => {
    const desktop = new CredentialStore(dir, new KeyringVault(), new SecretSet(), (p) => problems.push(p));
    await desktop.load();
    await desktop.setSite({ username: 'kairos', password: 'desk-pw' });
    await desktop.setHost(ID, { username: 'root', password: 'host-pw' });
    await desktop.flush();
    const cli = new CredentialStore(dir, new MemoryVault(), new SecretSet(), (p) => problems.push(p));
    await cli.load();
    expect(cli.status()).toEqual({ siteSet: false, siteUser: null, hostOverrides: [], saved: false });
    await cli.setSite({ username: 'cli-user', password: 'cli-pw' });
    await cli.setHost('10.0.0.9:5080', { username: 'x', password: 'y' });
    await cli.clearHost(ID);
    await cli.flush();
    expect(cli.status()).toEqual({ siteSet: true, siteUser: 'cli-user', hostOverrides: ['10.0.0.9:5080'], saved: false });
    expect(await readJson('credentials.json')).toEqual({ version: 1, siteUser: 'kairos', hostUsers: { [ID]: 'root' } });
  });

  it('two desktop processes each add their own host entry; neither loses the other', async () => {
    const keyring = new Map<string, string>();
    const a = new CredentialStore(dir, new KeyringVault(keyring), new SecretSet(), () => undefined);
    const b = new CredentialStore(dir, new KeyringVault(keyring), new SecretSet(), () => undefined);
    await Promise.all([a.load(), b.load()]);
    await a.setHost('host-a', { username: 'ua', password: 'pa' });
    await b.setHost('host-b', { username: 'ub', password: 'pb' });
    await Promise.all([a.flush(), b.flush()]);
    expect((await readJson('credentials.json')).hostUsers).toEqual({ 'host-a': 'ua', 'host-b': 'ub' });
  });

  it('pins from another process survive a trust here; a forget here removes the host from the file too', async () => {
    const app = new PinStore(dir, () => undefined);
    const cli = new PinStore(dir, () => undefined);
    await Promise.all([app.load(), cli.load()]);
    cli.trust({ confirmedId: null, claimedId: null, endpoint: '10.0.0.1:5080' }, normalizeFingerprint(FP_A)!);
    await cli.flush();
    app.trust({ confirmedId: null, claimedId: null, endpoint: '10.0.0.2:5080' }, normalizeFingerprint(FP_B)!);
    await app.flush();
    const endpoints = () => readJson('certificates.json').then((f) => (f.pins as { endpoint: string }[]).map((p) => p.endpoint).sort());
    expect(await endpoints()).toEqual(['10.0.0.1:5080', '10.0.0.2:5080']);
    app.forget({ endpoints: ['10.0.0.1:5080'], ids: [] });
    await app.flush();
    expect(await endpoints()).toEqual(['10.0.0.2:5080']);
  });

  it('known hosts and settings are merged the same way', async () => {
    const host = (key: string, address: string) => ({
      key,
      confirmedId: null,
      claimedId: null,
      name: key,
      address,
      port: 5080,
      sources: ['manual' as const],
      lastSeen: null,
      pinned: false,
      facts: null,
    });
    const app = new KnownHostsStore(dir, () => undefined);
    const cli = new KnownHostsStore(dir, () => undefined);
    await app.save([host('10.0.0.1:5080', '10.0.0.1')]);
    await cli.save([host('10.0.0.2:5080', '10.0.0.2')]);
    expect((await app.load()).map((h) => h.key).sort()).toEqual(['10.0.0.1:5080', '10.0.0.2:5080']);
    await app.save([], new Set(['10.0.0.1:5080']));
    expect((await app.load()).map((h) => h.key)).toEqual(['10.0.0.2:5080']);

    const s1 = new SettingsStore(dir, () => undefined);
    const s2 = new SettingsStore(dir, () => undefined);
    await Promise.all([s1.load(), s2.load()]);
    await s1.update({ theme: 'dark' });
    await s2.update({ linkConcurrency: 4 });
    const saved = await readJson('settings.json');
    expect(saved).toMatchObject({ theme: 'dark', linkConcurrency: 4 });
  });
});
