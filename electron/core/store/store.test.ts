import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretSet } from '../log';
import { MemoryVault } from '../vault';
import type { StoreProblem } from './atomic-json';
import { CredentialStore } from './credentials';
import { KnownHostsStore } from './known-hosts-store';
import { PinStore } from './pin-store';
import { SettingsStore } from './settings-store';

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

describe('known hosts', () => {
  it('keeps good records and drops a bad one', async () => {
    const good = { key: ID, confirmedId: ID, claimedId: ID, name: 'h1', address: '10.0.0.1', port: 5080, sources: ['mdns'], lastSeen: 1, pinned: true, facts: null };
    await writeFile(path.join(dir, 'hosts.json'), JSON.stringify({ version: 1, hosts: [good, { key: 1 }] }));
    const store = new KnownHostsStore(dir, (p) => problems.push(p));
    expect(await store.load()).toEqual([good]);
  });

  it('drops a record whose address is not an IPv4 address (it would become a connect target)', async () => {
    const good = { key: ID, confirmedId: ID, claimedId: ID, name: 'h1', address: '10.0.0.1', port: 5080, sources: ['mdns'], lastSeen: 1, pinned: true, facts: null };
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

describe('credentials', () => {
  it('keeps passwords only in the vault and forgets entries the vault lost', async () => {
    const vault = new MemoryVault();
    const creds = new CredentialStore(dir, vault, new SecretSet(), (p) => problems.push(p));
    await creds.load();
    await creds.setSite({ username: 'kairos', password: 's3cret-pw' });
    await creds.setHost(ID, { username: 'root', password: 'other-pw' });
    await creds.flush();
    const file = await readFile(path.join(dir, 'credentials.json'), 'utf8');
    expect(file).not.toMatch(/s3cret-pw|other-pw/);
    expect(creds.status()).toEqual({ siteSet: true, siteUser: 'kairos', hostOverrides: [ID] });
    expect(await creds.forHost(ID)).toEqual({ username: 'root', password: 'other-pw' });
    expect(await creds.forHost('10.0.0.1:5080')).toEqual({ username: 'kairos', password: 's3cret-pw' });
    // A new process with an empty memory vault: the index must not claim what it cannot give.
    const fresh = new CredentialStore(dir, new MemoryVault(), new SecretSet(), (p) => problems.push(p));
    await fresh.load();
    expect(fresh.status()).toEqual({ siteSet: false, siteUser: null, hostOverrides: [] });
  });
});
