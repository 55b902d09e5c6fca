import { beforeEach, describe, expect, it } from 'vitest';
import { host, leader, peer } from '../../../test-kit/fixtures';
import { resetStableOrder } from '../../entities/hosts/stable-order';
import { siteSections, visibleIds } from './visible-hosts';

const all = { role: 'all', state: 'all', online: 'all', search: '' } as const;
const aside = { staleDays: 14, now: Date.parse('2025-01-02T00:00:00.000Z') };
const byId = (hs: ReturnType<typeof host>[]) => Object.fromEntries(hs.map((h) => [h.id, h]));

describe('site order', () => {
  beforeEach(resetStableOrder);

  it('keeps each leader with its followers right after it, then standalone hosts, then the rest', () => {
    const f3 = host('edge-3', { role: 'follower', leaderId: 'edge-9' });
    const f1 = host('edge-1', { role: 'follower', leaderId: 'edge-9' });
    const sites = byId([host('edge-2'), f3, leader('edge-9', 0, { peers: [peer(f1), peer(f3)] }), f1, host('edge-5', { role: 'unknown' }), host('edge-4')]);
    expect(siteSections(sites, all, aside)).toEqual([
      { leaderId: 'edge-9', ids: ['edge-9', 'edge-1', 'edge-3'] },
      { leaderId: null, ids: ['edge-2', 'edge-4', 'edge-5'] },
    ]);
  });

  it('puts a host found later at the end of its group: it never slips between hosts already on screen', () => {
    const first = byId([host('edge-20'), host('edge-30')]);
    expect(visibleIds(first, all, aside)).toEqual(['edge-20', 'edge-30']);
    // edge-25 sorts between them by name, but it was found later.
    expect(visibleIds({ ...first, ...byId([host('edge-25')]) }, all, aside)).toEqual(['edge-20', 'edge-30', 'edge-25']);
  });

  it('keeps a host in its place when the core re-keys it from its address to its agent id, whatever the order they confirm in', () => {
    // Added by address one by one, as a technician does; signed in, each confirms its id in its own time.
    const byAddress = [1, 2, 3].map((n) => host(`10.0.0.${n}:5080`, { name: `10.0.0.${n}:5080`, address: `10.0.0.${n}`, port: 5080 }));
    let site: Record<string, ReturnType<typeof host>> = {};
    for (const h of byAddress) {
      site = { ...site, ...byId([h]) };
      visibleIds(site, all, aside);
    }
    for (const n of [3, 1, 2]) {
      const { [`10.0.0.${n}:5080`]: _old, ...rest } = site;
      site = { ...rest, ...byId([host(`edge-${n}`, { name: `site-${n}` })]) };
      expect(visibleIds(site, all, aside).map((id) => id.replace(/^10\.0\.0\.(\d):5080$/, 'edge-$1'))).toEqual(['edge-1', 'edge-2', 'edge-3']);
    }
  });

  it('gives a new host at the address of a host still on screen a place of its own, at the end', () => {
    // edge-7 answered at 10.0.0.7 before; another machine now answers there, keyed by its address until it confirms.
    const first = byId([host('edge-7', { address: '10.0.0.7' }), host('edge-8')]);
    expect(visibleIds(first, all, aside)).toEqual(['edge-7', 'edge-8']);
    const stranger = host('10.0.0.7:5080', { name: '10.0.0.7:5080', address: '10.0.0.7' });
    expect(visibleIds({ ...first, ...byId([stranger]) }, all, aside)).toEqual(['edge-7', 'edge-8', '10.0.0.7:5080']);
  });

  it('shows followers matching a filter under their leader even when the filter hides the leader', () => {
    const f = host('edge-2', { role: 'follower', leaderId: 'edge-1' });
    expect(siteSections(byId([leader('edge-1', 0, { peers: [peer(f)] }), f]), { ...all, role: 'follower' }, aside)).toEqual([
      { leaderId: null, ids: ['edge-2'] },
    ]);
  });
});
