import { beforeEach, describe, expect, it } from 'vitest';
import { host, leader, peer } from '../../../test-kit/fixtures';
import { bandsIn, layoutSite, leaderCardNeeds, METRICS } from './grid-layout';
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

  it('shows followers matching a filter under their leader even when the filter hides the leader', () => {
    const f = host('edge-2', { role: 'follower', leaderId: 'edge-1' });
    expect(siteSections(byId([leader('edge-1', 0, { peers: [peer(f)] }), f]), { ...all, role: 'follower' }, aside)).toEqual([
      { leaderId: null, ids: ['edge-2'] },
    ]);
  });
});

describe('grid layout', () => {
  const m = METRICS.compact;
  const row = m.cardHeight + m.gap;

  it('gives a leader the first column as tall as its table and its followers beside it, then indented rows', () => {
    const followers = Array.from({ length: 20 }, (_, i) => `f${i}`);
    const layout = layoutSite([{ leaderId: 'L', ids: ['L', ...followers] }], 5, 'compact', () => 20);
    const [band, ...rest] = layout.bands;
    const leaderRows = Math.ceil((leaderCardNeeds('compact', 20) + m.gap) / row);
    expect(band!.leaderRows).toBe(leaderRows);
    expect(band!.cells).toEqual(['L', ...followers.slice(0, leaderRows * 4)]);
    // Followers past the leader's rows continue under it, one column in.
    expect(rest.every((b) => b.cells[0] === null && b.cells.length <= 5)).toBe(true);
    expect(rest.flatMap((b) => b.cells.slice(1))).toEqual(followers.slice(leaderRows * 4));
    expect(layout.height).toBe(layout.bands.at(-1)!.top + layout.bands.at(-1)!.height);
  });

  it('fits a 10-host site (1 leader + 9 followers) in three compact rows at 1440 px', () => {
    const ids = Array.from({ length: 9 }, (_, i) => `f${i}`);
    const layout = layoutSite([{ leaderId: 'L', ids: ['L', ...ids] }], 5, 'compact', () => 9);
    expect(layout.height).toBeLessThanOrEqual(3 * row);
  });

  it('gives a row with a card that needs attention the tall height, and mounts only bands in view', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `h${i}`);
    const layout = layoutSite(
      [{ leaderId: null, ids }],
      5,
      'compact',
      () => 0,
      (id) => id === 'h0',
    );
    expect(layout.bands[0]!.rowHeight).toBe(m.tallHeight);
    expect(layout.bands[1]!.rowHeight).toBe(m.cardHeight);
    expect(bandsIn(layout, 0, 900).length).toBeLessThan(6);
  });
});
