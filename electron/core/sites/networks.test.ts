// The new-network hint decided from the interfaces the laptop has, injected here instead of this machine's.
import { mkdtemp, rm } from 'node:fs/promises';
import type os from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness } from '../../test-kit/core/core-harness';
import { networksOf, unseenNetworks, type InterfaceTable } from './networks';

const v4 = (address: string, netmask: string, internal = false): os.NetworkInterfaceInfo =>
  ({ address, netmask, family: 'IPv4', mac: '00:00:00:00:00:00', internal, cidr: null }) as os.NetworkInterfaceInfo;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

describe('the networks a laptop is on', () => {
  it('are the external IPv4 subnets, without loopback, link-local, single addresses or IPv6', () => {
    const table: InterfaceTable = {
      lo: [v4('127.0.0.1', '255.0.0.0', true)],
      eth0: [
        v4('10.20.30.41', '255.255.255.0'),
        { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '', internal: false, cidr: null, scopeid: 1 },
      ],
      wlan0: [v4('192.168.7.200', '255.255.252.0')],
      tun0: [v4('100.64.0.9', '255.255.255.255')],
      eth1: [v4('169.254.3.4', '255.255.0.0')],
    };
    expect(networksOf(table)).toEqual(['10.20.30.0/24', '192.168.4.0/22']);
  });

  it('suggest only what the site was never seen on', () => {
    expect(unseenNetworks(['10.0.0.0/24', '10.1.0.0/24'], ['10.0.0.0/24'])).toEqual(['10.1.0.0/24']);
    expect(unseenNetworks(['10.0.0.0/24'], ['10.0.0.0/24'])).toEqual([]);
  });
});

describe('a new network suggests a new site', () => {
  it('says nothing on the site first opened, then names a network it never saw, until the technician keeps it', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'fieldlink-networks-'));
    cleanup.push(() => rm(root, { recursive: true, force: true }));
    let table: InterfaceTable = { eth0: [v4('10.20.30.41', '255.255.255.0')] };
    const h = await startHarness({ stateDir: root, site: 'plant-7', interfaces: () => table });
    cleanup.push(() => h.core.close());

    expect(await h.core.handlers['sites.networks']({})).toEqual({ site: 'plant-7', newNetworks: [] });
    table = { eth0: [v4('172.16.5.9', '255.255.0.0')], eth1: [v4('10.20.30.77', '255.255.255.0')] };
    expect(await h.core.handlers['sites.networks']({})).toEqual({ site: 'plant-7', newNetworks: ['172.16.0.0/16'] });

    await h.core.handlers['sites.keepNetworks']({ networks: ['172.16.0.0/16'] });
    expect(await h.core.handlers['sites.networks']({})).toEqual({ site: 'plant-7', newNetworks: [] });

    // A site made while on the new network takes it as its own, and the first site still remembers its networks.
    table = { eth0: [v4('192.168.50.2', '255.255.255.0')] };
    await h.core.handlers['sites.switch']({ site: 'depot', create: true });
    expect(await h.core.handlers['sites.networks']({})).toEqual({ site: 'depot', newNetworks: [] });
    await h.core.handlers['sites.switch']({ site: 'plant-7' });
    expect(await h.core.handlers['sites.networks']({})).toEqual({ site: 'plant-7', newNetworks: ['192.168.50.0/24'] });
  });
});
