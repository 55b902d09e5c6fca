// A host found at two addresses is merged into one entry when it confirms its id (registry.confirm). A task that
// resolved the host before the merge still holds the old entry object: its hold on the poller and its writes must
// land on the entry that stands for the host now, or the poller reads a host the task works on and the card goes stale.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretSet, silentLogger } from '../log';
import { CredentialStore } from '../store/credentials';
import { PinStore } from '../store/pin-store';
import { MemoryVault } from '../vault';
import type { HostEntry } from './entry';
import { CoreRuntime } from '../runtime';
import { HostMonitor } from './monitor';
import type { HostReader } from './refresh';
import { HostRegistry } from './registry';

const ID = `edge-${'bb'.repeat(16)}`;
const FP = Array(32).fill('03').join(':');

let dir: string;
let pins: PinStore;
let registry: HostRegistry;
let monitor: HostMonitor;
let changed: string[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-merge-holds-'));
  pins = new PinStore(dir, () => undefined);
  changed = [];
  registry = new HostRegistry({
    pins,
    credentials: new CredentialStore(dir, new MemoryVault(), new SecretSet(), () => undefined),
    secrets: new SecretSet(),
    logger: silentLogger,
    version: 'test',
    trustNew: false,
    changed: (e) => changed.push(e.key),
    removed: () => undefined,
    held: (e) => monitor.isHeld(e),
    merged: (survivor, gone) => monitor.merged(survivor, gone),
  });
  // Never started: no timer, no read; only the schedule's bookkeeping is under test.
  monitor = new HostMonitor({ registry, reader: {} as HostReader, logger: silentLogger, credentialGeneration: () => 0 });
});
afterEach(async () => {
  monitor.close();
  registry.closeClients();
  await pins.flush();
  await rm(dir, { recursive: true, force: true });
});

/** The host known by its id at 10.0.0.1, then answering with that id at its second address 10.0.1.1. */
function knownThenMerged(): { held: HostEntry; later: () => HostEntry } {
  const held = registry.observe({ address: '10.0.0.1', port: 5080, source: 'manual' })!.entry;
  pins.trust(registry.identity(held), FP);
  registry.checkCertificate(held, FP);
  registry.confirm(held, ID);
  return {
    held,
    later: () => {
      const other = registry.observe({ address: '10.0.1.1', port: 5080, source: 'peer', claimedId: ID })!.entry;
      registry.checkCertificate(other, FP); // trusted through the id's pin
      const survivor = registry.confirm(other, ID);
      expect(survivor).toBe(other);
      expect(registry.all()).toEqual([other]);
      return survivor;
    },
  };
}

describe('a merge while a task works on the host', () => {
  it('keeps the hold on the host: the survivor is held until the task releases, then free', () => {
    const { held, later } = knownThenMerged();
    const release = monitor.hold([held]);
    const survivor = later();
    expect(monitor.isHeld(survivor)).toBe(true);
    // A task working on the host keeps it, silent or not.
    expect(monitor.isHeld(held)).toBe(true);
    release();
    expect(monitor.isHeld(survivor)).toBe(false);
    expect(monitor.isHeld(held)).toBe(false);
  });

  it('counts a host held twice (by its old and its new entry) until both holds are released', () => {
    const { held, later } = knownThenMerged();
    const first = monitor.hold([held]);
    const survivor = later();
    const second = monitor.hold([survivor]);
    first();
    expect(monitor.isHeld(survivor)).toBe(true);
    second();
    expect(monitor.isHeld(survivor)).toBe(false);
  });

  it("sends the task's writes and reads to the survivor through the context, and announces them", async () => {
    const rt = new CoreRuntime({ stateDir: dir, vault: new MemoryVault(), discovery: false, version: 'test', trustNew: false });
    try {
      const seen: string[] = [];
      rt.bus.on('hosts.changed', ({ upserted }) => seen.push(...upserted.map((v) => `${v.id} ${v.linkStatus}`)));
      const held = rt.registry.observe({ address: '10.0.0.1', port: 5080, source: 'manual' })!.entry;
      rt.pins.trust(rt.registry.identity(held), FP);
      rt.registry.checkCertificate(held, FP);
      rt.registry.confirm(held, ID);
      const release = rt.context.entries.hold([held]);
      const other = rt.registry.observe({ address: '10.0.1.1', port: 5080, source: 'peer', claimedId: ID })!.entry;
      rt.registry.checkCertificate(other, FP);
      expect(rt.registry.confirm(other, ID)).toBe(other);
      expect(rt.context.entries.isHeld(other)).toBe(true);
      // The task links the host it resolved before the merge: the card (the survivor's) shows the new link status.
      rt.context.entries.update(held, { link: { status: 'Completed', errorMessage: null, peers: [] } });
      expect(other.link?.status).toBe('Completed');
      expect(rt.context.entries.view(held).linkStatus).toBe('Completed');
      // It talks to the host where it answers now.
      expect(rt.context.entries.clientFor(held)).toBe(rt.registry.clientFor(other));
      rt.feed.flush();
      expect(seen).toContain(`${ID} Completed`);
      release();
      expect(rt.context.entries.isHeld(other)).toBe(false);
    } finally {
      await rt.close();
    }
  });
});

describe('update compares records key by key', () => {
  it('leaves a link status read afresh with the same peers alone: no announcement per poll', () => {
    const e = registry.observe({ address: '10.0.0.9', port: 5080, source: 'manual' })!.entry;
    const peer = {
      id: ID,
      name: 'L',
      address: '10.0.0.2',
      port: 5080,
      role: 'leader',
      status: 'Ready',
      health: null,
      healthReason: null,
      contentSyncStatus: null,
    };
    const read = () => ({ status: 'Completed', errorMessage: null, peers: [{ ...peer }] });
    expect(registry.update(e, { link: read() })).toBe(true);
    const shown = e.link;
    changed = [];
    expect(registry.update(e, { link: read() })).toBe(false);
    expect(e.link).toBe(shown);
    expect(changed).toEqual([]);
    // A peer that changed is news.
    expect(registry.update(e, { link: { ...read(), peers: [{ ...peer, health: 'Unhealthy' as const }] } })).toBe(true);
    expect(registry.update(e, { link: { ...read(), peers: [] } })).toBe(true);
    expect(changed).toEqual([e.key, e.key]);
  });

  it('sees { mode: undefined } and { os: undefined } as different records', () => {
    const e = registry.observe({ address: '10.0.0.9', port: 5080, source: 'manual' })!.entry;
    registry.update(e, { remembered: { mode: undefined } });
    changed = [];
    expect(registry.update(e, { remembered: { os: undefined } })).toBe(true);
    expect(e.remembered).toEqual({ os: undefined });
    expect(changed).toEqual([e.key]);
  });
});
