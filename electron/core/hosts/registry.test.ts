import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretSet, silentLogger } from '../log';
import { CredentialStore } from '../store/credentials';
import { PinStore } from '../store/pin-store';
import { MemoryVault } from '../vault';
import type { HostEntry } from './entry';
import { HostRegistry, MAX_CLAIMS_PER_SOURCE, MAX_HOSTS, MAX_SILENT_CLAIMS_PER_SOURCE, type RegistryDeps } from './registry';
import { findHost } from './resolve';
import { staleEntries } from './stale';
import { roleOf } from './view';

const ID = `edge-${'aa'.repeat(16)}`;
const FP = Array(32).fill('01').join(':');
const FP2 = Array(32).fill('02').join(':');

let dir: string;
let registry: HostRegistry;
let pins: PinStore;
let removed: string[];
let changed: string[];
let credentials: CredentialStore;
function makeRegistry(trustNew: RegistryDeps['trustNew'] = false): HostRegistry {
  return new HostRegistry({
    pins,
    credentials,
    secrets: new SecretSet(),
    logger: silentLogger,
    version: 'test',
    trustNew,
    changed: (e) => changed.push(e.key),
    removed: (key) => removed.push(key),
  });
}
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-registry-'));
  pins = new PinStore(dir, () => undefined);
  credentials = new CredentialStore(dir, new MemoryVault(), new SecretSet(), () => undefined);
  removed = [];
  changed = [];
  registry = makeRegistry();
});
afterEach(async () => {
  registry.closeClients();
  await pins.flush();
  await rm(dir, { recursive: true, force: true });
});

function reached(e: HostEntry, fp = FP): void {
  pins.trust(registry.identity(e), fp);
  registry.checkCertificate(e, fp);
}

describe('host keys', () => {
  it('keys by address until the host confirms its id, whatever mDNS claims', () => {
    const { entry } = registry.observe({ address: '10.0.0.1', port: 5080, source: 'mdns', claimedId: ID, name: 'h1' })!;
    expect(entry.key).toBe('10.0.0.1:5080');
    expect(entry.claimedId).toBe(ID);
    // The same endpoint seen by another source is the same host.
    const again = registry.observe({ address: '10.0.0.1', port: 5080, source: 'manual' })!;
    expect(again.entry).toBe(entry);
    expect([...entry.sources].sort()).toEqual(['manual', 'mdns']);
    reached(entry);
    registry.confirm(entry, ID);
    expect(entry.key).toBe(ID);
    expect(removed).toEqual(['10.0.0.1:5080']);
    expect(registry.get(ID)).toBe(entry);
    // What a person types still finds it.
    expect(findHost(registry, '10.0.0.1')).toBe(entry);
    expect(findHost(registry, 'h1')).toBe(entry);
  });

  it('merges an address-keyed entry into the id-keyed one when the id is confirmed', () => {
    const known = registry.observe({ address: '10.0.0.1', port: 5080, source: 'mdns' })!.entry;
    reached(known);
    registry.confirm(known, ID);
    registry.update(known, { pinnedUi: true });
    // The host shows up at another address (a peer list names its second NIC).
    const other = registry.observe({ address: '10.0.1.1', port: 5080, source: 'peer', claimedId: ID })!.entry;
    expect(other).not.toBe(known);
    expect(other.key).toBe('10.0.1.1:5080');
    registry.checkCertificate(other, FP); // trusted through the id's pin
    expect(other.cert.verdict).toBe('trusted');
    const survivor = registry.confirm(other, ID);
    expect(survivor).toBe(other);
    expect(registry.all()).toHaveLength(1);
    expect(registry.get(ID)).toBe(other);
    expect([...other.sources].sort()).toEqual(['mdns', 'peer']);
    expect(other.pinnedUi).toBe(true);
    // Later sightings at the old address land on the survivor.
    expect(registry.observe({ address: '10.0.0.1', port: 5080, source: 'mdns', claimedId: ID })!.entry).toBe(other);
  });

  it('refuses an id that is pinned to another certificate', () => {
    const real = registry.observe({ address: '10.0.0.1', port: 5080, source: 'mdns' })!.entry;
    reached(real, FP);
    registry.confirm(real, ID);
    const impostor = registry.observe({ address: '10.0.0.66', port: 5080, source: 'mdns', claimedId: ID })!.entry;
    expect(registry.checkCertificate(impostor, FP2)).toBe('changed');
    pins.trust(registry.identity(impostor), FP2); // even if the user trusted its certificate...
    registry.checkCertificate(impostor, FP2);
    registry.confirm(impostor, ID); // ...it may not take the id
    expect(impostor.key).toBe('10.0.0.66:5080');
    expect(impostor.idConflict).toMatch(/says it is/);
    expect(registry.get(ID)).toBe(real);
  });

  it('forgets a host with its pinned certificate and its own credentials: the next contact asks again', async () => {
    const e = registry.observe({ address: '10.0.0.1', port: 5080, source: 'manual' })!.entry;
    reached(e);
    registry.confirm(e, ID);
    await credentials.setHost(ID, { username: 'admin', password: 'own-pw' });
    await registry.forget(e);
    expect(registry.all()).toEqual([]);
    expect(removed).toEqual(['10.0.0.1:5080', ID]);
    expect(credentials.hasOverride(ID)).toBe(false);
    expect(await credentials.forHost(ID)).toBeNull();
    const again = registry.observe({ address: '10.0.0.1', port: 5080, source: 'mdns', claimedId: ID })!.entry;
    expect(registry.checkCertificate(again, FP)).toBe('unknown');
    expect(pins.pinnedFor(registry.identity(again))).toBeNull();
    // And nothing of it is left on disk once saved.
    await pins.flush();
    const saved = new PinStore(dir, () => undefined);
    await saved.load();
    expect(saved.pinnedFor({ confirmedId: ID, claimedId: ID, endpoint: '10.0.0.1:5080' })).toBeNull();
  });
});

describe('scoped --trust-new', () => {
  it('trusts only the hosts the command names; an announcer on the link stays untrusted', () => {
    registry = makeRegistry({ hosts: ['10.0.0.1:5080', 'https://10.0.0.2:5080'] });
    const a = registry.observe({ address: '10.0.0.1', port: 5080, source: 'manual' })!.entry;
    const b = registry.observe({ address: '10.0.0.2', port: 5080, source: 'mdns' })!.entry;
    const foreign = registry.observe({ address: '10.0.0.9', port: 5080, source: 'mdns', claimedId: ID, name: 'edge-a' })!.entry;
    expect(registry.checkCertificate(a, FP)).toBe('trusted');
    expect(registry.checkCertificate(b, FP2)).toBe('trusted');
    expect(registry.checkCertificate(foreign, FP)).toBe('unknown');
    expect(pins.pinnedFor(registry.identity(foreign))).toBeNull();
  });

  it('never trusts by a name two hosts share, and never a changed certificate', () => {
    registry = makeRegistry({ hosts: ['edge-a', '10.0.0.1:5080'] });
    const mine = registry.observe({ address: '10.0.0.2', port: 5080, source: 'mdns', name: 'edge-a' })!.entry;
    const twin = registry.observe({ address: '10.0.0.9', port: 5080, source: 'mdns', name: 'edge-a' })!.entry;
    expect(registry.checkCertificate(mine, FP)).toBe('unknown');
    expect(registry.checkCertificate(twin, FP)).toBe('unknown');
    const named = registry.observe({ address: '10.0.0.1', port: 5080, source: 'manual' })!.entry;
    pins.trust(registry.identity(named), FP);
    expect(registry.checkCertificate(named, FP2)).toBe('changed');
  });

  it('takes in the peers of a named, trusted host only with --trust-peers', () => {
    const peer = {
      id: null,
      name: 'F',
      address: '10.0.0.3',
      port: 5080,
      role: 'follower',
      status: 'Ready',
      health: null,
      healthReason: null,
      contentSyncStatus: null,
    };
    for (const peers of [false, true]) {
      pins = new PinStore(dir, () => undefined);
      registry = makeRegistry({ hosts: ['10.0.0.1:5080'], peers });
      const leader = registry.observe({ address: '10.0.0.1', port: 5080, source: 'manual' })!.entry;
      registry.checkCertificate(leader, FP);
      registry.update(leader, { link: { status: 'Completed', errorMessage: null, peers: [peer] } });
      const follower = registry.observe({ address: '10.0.0.3', port: 5080, source: 'peer' })!.entry;
      const stranger = registry.observe({ address: '10.0.0.4', port: 5080, source: 'peer' })!.entry;
      expect(registry.checkCertificate(follower, FP2)).toBe(peers ? 'trusted' : 'unknown');
      expect(registry.checkCertificate(stranger, FP2)).toBe('unknown');
    }
  });
});

describe('bounded registry', () => {
  it('keeps at most a fixed number of unconfirmed claims per source, and never refuses a host added by address', () => {
    // Claims pointing at dead addresses (they never answer a ping): few are kept, each costs a connection attempt.
    for (let i = 0; i < 10_000; i++) registry.observe({ address: `10.1.${i >> 8}.${i & 255}`, port: 5080, source: 'mdns' });
    expect(registry.all()).toHaveLength(MAX_SILENT_CLAIMS_PER_SOURCE);
    // Claims that answer (real hosts not taken in yet) are kept up to the larger cap, per source.
    const answerAll = () => {
      for (const e of registry.all()) if (e.lastAnswerAt === null) registry.sawAnswer(e);
    };
    for (let i = 0; i < 10_000; i++) {
      if (registry.observe({ address: `10.2.${i >> 8}.${i & 255}`, port: 5080, source: 'peer' })) answerAll();
    }
    answerAll();
    for (let i = 0; i < 10_000; i++) {
      if (registry.observe({ address: `10.1.${i >> 8}.${i & 255}`, port: 5080, source: 'mdns' })) answerAll();
    }
    expect(registry.all()).toHaveLength(2 * MAX_CLAIMS_PER_SOURCE);
    // Hosts typed by the technician take the place of unconfirmed claims once the list is full...
    for (let i = 0; i < MAX_HOSTS; i++) registry.observe({ address: `10.3.${i >> 8}.${i & 255}`, port: 5080, source: 'manual' });
    expect(registry.all()).toHaveLength(MAX_HOSTS);
    expect(registry.all().every((e) => e.sources.has('manual'))).toBe(true);
    // ...and one more still gets in: a full list never refuses an address typed by a person.
    const added = registry.observe({ address: '192.168.7.7', port: 5080, source: 'manual' });
    expect(added?.entry.sources.has('manual')).toBe(true);
    expect(registry.observe({ address: '10.9.9.9', port: 5080, source: 'mdns' })).toBeNull();
  });

  it('drops unconfirmed claims once silent, keeps the hosts taken in', () => {
    const claim = registry.observe({ address: '10.0.0.5', port: 5080, source: 'mdns' })!.entry;
    const answering = registry.observe({ address: '10.0.0.6', port: 5080, source: 'mdns' })!.entry;
    const manual = registry.observe({ address: '10.0.0.7', port: 5080, source: 'manual' })!.entry;
    const trusted = registry.observe({ address: '10.0.0.8', port: 5080, source: 'mdns' })!.entry;
    reached(trusted);
    const later = Date.now() + 11 * 60_000;
    registry.sawAnswer(answering, later - 1_000);
    expect(registry.sweepSilent(10 * 60_000, later)).toBe(1);
    expect(registry.all()).toEqual(expect.arrayContaining([answering, manual, trusted]));
    expect(registry.all()).not.toContain(claim);
    expect(registry.isTakenIn(answering)).toBe(false);
    expect(registry.isTakenIn(manual) && registry.isTakenIn(trusted)).toBe(true);
  });
});

describe('roles', () => {
  it('reads leader, follower and standalone from link status and token state', () => {
    const e = registry.observe({ address: '10.0.0.1', port: 5080, source: 'manual' })!.entry;
    expect(roleOf(e).role).toBe('unknown');
    registry.update(e, { link: { status: null, errorMessage: null, peers: [] } });
    expect(roleOf(e).role).toBe('standalone');
    registry.update(e, { token: { generating: true, remainingSec: 100, intervalSec: 120, readAt: Date.now(), support: 'ok' } });
    expect(roleOf(e).role).toBe('leader');
    registry.update(e, { token: null });
    const peer = { id: ID, name: 'L', address: '10.0.0.2', port: 5080, status: 'Ready', health: null, healthReason: null, contentSyncStatus: null };
    registry.update(e, { link: { status: 'Completed', errorMessage: null, peers: [{ ...peer, role: 'leader' }] } });
    expect(roleOf(e)).toEqual({ role: 'follower', leaderId: ID });
  });
});

describe('stale hosts', () => {
  it('are offline, not pinned, and not seen for the set number of days', () => {
    const day = 24 * 60 * 60 * 1000;
    const now = Date.now();
    const old = registry.observe({ address: '10.0.0.1', port: 5080, source: 'manual' })!.entry;
    const recent = registry.observe({ address: '10.0.0.2', port: 5080, source: 'manual' })!.entry;
    const pinnedOld = registry.observe({ address: '10.0.0.3', port: 5080, source: 'manual' })!.entry;
    const onlineOld = registry.observe({ address: '10.0.0.4', port: 5080, source: 'manual' })!.entry;
    const neverSeen = registry.observe({ address: '10.0.0.5', port: 5080, source: 'manual' })!.entry;
    for (const e of [old, pinnedOld, onlineOld]) registry.update(e, { lastSeenShown: now - 20 * day });
    registry.update(recent, { lastSeenShown: now - 2 * day });
    registry.update(pinnedOld, { pinnedUi: true });
    registry.update(onlineOld, { online: true });
    const free = () => false;
    expect(staleEntries(registry.all(), 14, now, free)).toEqual([old]);
    expect(staleEntries(registry.all(), 1, now, free)).toEqual([old, recent]);
    expect(staleEntries([neverSeen], 1, now, free)).toEqual([]);
    // A host a task is working on is never stale.
    expect(staleEntries(registry.all(), 14, now, (e) => e === old)).toEqual([]);
  });
});

describe('writes', () => {
  it('update changes the entry and marks it changed exactly once; a patch that changes nothing marks nothing', () => {
    const e = registry.observe({ address: '10.0.0.1', port: 5080, source: 'manual' })!.entry;
    changed = [];
    expect(registry.update(e, { online: false, offlineSince: 1_000, offlineReason: 'gone', pinnedUi: true })).toBe(true);
    expect([e.online, e.offlineSince, e.offlineReason, e.pinnedUi]).toEqual([false, 1_000, 'gone', true]);
    expect(changed).toEqual([e.key]);
    changed = [];
    // The same values again, small records compared field by field, and an empty patch.
    expect(registry.update(e, { online: false, offlineSince: 1_000, pinnedUi: true, auth: { kind: 'none' }, caps: { tokenExtension: null } })).toBe(false);
    expect(registry.update(e, {})).toBe(false);
    expect(changed).toEqual([]);
    expect(e.auth).toEqual({ kind: 'none' });
  });

  it('named writes mark the entry changed only when needed', () => {
    const e = registry.observe({ address: '10.0.0.1', port: 5080, source: 'manual' })!.entry;
    changed = [];
    // No session to drop: nothing changed, nothing announced.
    registry.dropSession(e);
    expect(changed).toEqual([]);
    // The host's own credentials show on its card: announced even though the entry itself is the same.
    registry.credentialsChanged(e);
    expect(changed).toEqual([e.key]);
  });

  it('does not announce an entry that is no longer in the registry', async () => {
    const e = registry.observe({ address: '10.0.0.1', port: 5080, source: 'manual' })!.entry;
    await registry.forget(e);
    changed = [];
    expect(registry.update(e, { pinnedUi: true })).toBe(true);
    expect(changed).toEqual([]);
  });
});
