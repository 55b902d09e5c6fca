import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { MdnsDiscovery } from './mdns';

let discovery: MdnsDiscovery | null = null;
afterEach(async () => {
  await discovery?.close();
  discovery = null;
});

describe('mDNS discovery restarts', () => {
  it('runs overlapping restarts one after the other, so an interface is never browsed twice', async () => {
    discovery = new MdnsDiscovery({ observed: () => {}, problem: () => {} }, silentLogger, 60_000);
    // Two settings changes in quick succession, as the interface picker can send them.
    await Promise.all([discovery.start(['127.0.0.1']), discovery.start(['127.0.0.1'])]);
    expect(discovery.interfaces).toEqual(['127.0.0.1']);
  });

  it('opens nothing once closed, even when a restart was already queued', async () => {
    discovery = new MdnsDiscovery({ observed: () => {}, problem: () => {} }, silentLogger, 60_000);
    const queued = discovery.start(['127.0.0.1']);
    await discovery.close();
    await queued;
    expect(discovery.interfaces).toEqual([]);
  });
});
