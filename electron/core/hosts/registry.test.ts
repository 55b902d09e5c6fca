import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretSet, silentLogger } from '../log';
import { CredentialStore } from '../store/credentials';
import { PinStore } from '../store/pin-store';
import { MemoryVault } from '../vault';
import type { HostEntry } from './entry';
import { HostRegistry } from './registry';
import { findHost } from './resolve';
import { roleOf } from './view';

const ID = `edge-${'aa'.repeat(16)}`;
const FP = Array(32).fill('01').join(':');
const FP2 = Array(32).fill('02').join(':');

let dir: string;
let registry: HostRegistry;
let pins: PinStore;
let removed: string[];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-registry-'));
  pins = new PinStore(dir, () => undefined);
  removed = [];
  registry = new HostRegistry({
    pins,
    credentials: new CredentialStore(dir, new MemoryVault(), new SecretSet(), () => undefined),
    secrets: new SecretSet(),
    logger: silentLogger,
    version: 'test',
    trustNew: false,
    changed: () => undefined,
    removed: (key) => removed.push(key),
  });
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
    known.pinnedUi = true;
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

  it('forgets a host', () => {
    const e = registry.observe({ address: '10.0.0.1', port: 5080, source: 'manual' })!.entry;
    registry.forget(e);
    expect(registry.all()).toEqual([]);
    expect(removed).toEqual(['10.0.0.1:5080']);
  });
});

describe('roles', () => {
  it('reads leader, follower and standalone from link status and token state', () => {
    const e = registry.observe({ address: '10.0.0.1', port: 5080, source: 'manual' })!.entry;
    expect(roleOf(e).role).toBe('unknown');
    e.link = { status: null, errorMessage: null, peers: [] };
    expect(roleOf(e).role).toBe('standalone');
    e.token = { generating: true, remainingSec: 100, intervalSec: 120, readAt: Date.now(), support: 'ok' };
    expect(roleOf(e).role).toBe('leader');
    e.token = null;
    const peer = { id: ID, name: 'L', address: '10.0.0.2', port: 5080, status: 'Ready', health: null, healthReason: null, contentSyncStatus: null };
    e.link = { status: 'Completed', errorMessage: null, peers: [{ ...peer, role: 'leader' }] };
    expect(roleOf(e)).toEqual({ role: 'follower', leaderId: ID });
  });
});
