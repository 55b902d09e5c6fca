// @vitest-environment jsdom
// Unconfirmed announcers and stale hosts live in their collapsed groups only, never also in the grid, list or
// topology; a host the technician added by address always has its place among the site's hosts.
import '../../../test-kit/setup';
import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { host } from '../../../test-kit/fixtures';
import { renderApp } from '../../../test-kit/render';
import { isStaleView } from '../sites/stale';
import { isUnconfirmedView } from '../../entities/hosts/unconfirmed';
import { resetStableOrder } from '../../entities/hosts/stable-order';
import { siteSections, visibleIds } from './visible-hosts';
import { asideNote, summaryCounts } from './summary-counts';
import { useViewStore } from './view-store';

const FP = Array(32).fill('AB').join(':');
const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-06-01T12:00:00Z');
const all = { role: 'all', state: 'all', online: 'all', search: '' } as const;
const byId = (hs: ReturnType<typeof host>[]) => Object.fromEntries(hs.map((h) => [h.id, h]));

const announced = host('edge-2', { access: 'needs-trust', sources: ['mdns'], fingerprint: null, offeredFingerprint: FP });
const stale = host('edge-3', { online: false, lastSeen: new Date(NOW - 30 * DAY).toISOString() });
const byAddress = host('edge-4', { access: 'needs-trust', sources: ['manual'], fingerprint: null, offeredFingerprint: FP });

describe('hosts kept out of the site views', () => {
  beforeEach(resetStableOrder);

  it('leaves out exactly the hosts the collapsed groups take, with the same stale setting', () => {
    const hosts = [host('edge-1'), announced, stale, byAddress];
    expect(isUnconfirmedView(announced)).toBe(true);
    expect(isStaleView(stale, 14, NOW)).toBe(true);
    expect(visibleIds(byId(hosts), all, { staleDays: 14, now: NOW })).toEqual(['edge-1', 'edge-4']);
    // A longer setting makes the same host not stale yet: it is back in the grid, as it is out of the stale group
    // (after the hosts already shown: a host coming back never moves another).
    expect(isStaleView(stale, 60, NOW)).toBe(false);
    expect(visibleIds(byId(hosts), all, { staleDays: 60, now: NOW })).toEqual(['edge-1', 'edge-4', 'edge-3']);
  });

  it('keeps a follower whose leader went stale among the shown hosts', () => {
    const oldLeader = host('edge-9', { role: 'leader', online: false, lastSeen: new Date(NOW - 30 * DAY).toISOString() });
    const follower = host('edge-5', { role: 'follower', leaderId: 'edge-9' });
    expect(siteSections(byId([oldLeader, follower]), all, { staleDays: 14, now: NOW })).toEqual([{ leaderId: null, ids: ['edge-5'] }]);
  });

  it('shows an mDNS-only unconfirmed host and a stale host in their groups and not in the grid; a host added by address in the grid', async () => {
    await renderApp({ hosts: [host('edge-1'), announced, { ...stale, lastSeen: '2020-01-01T00:00:00.000Z' }, byAddress] });
    const grid = await screen.findByRole('region', { name: 'Hosts' });
    expect(within(grid).getByRole('group', { name: /^host-1,/ })).toBeInTheDocument();
    expect(within(grid).getByRole('group', { name: /^host-4,/ })).toBeInTheDocument();
    expect(within(grid).queryByRole('group', { name: /^host-2,/ })).toBeNull();
    expect(within(grid).queryByRole('group', { name: /^host-3,/ })).toBeNull();
    expect(
      within(screen.getByRole('region', { name: 'Unconfirmed hosts' })).getByRole('button', { name: '1 unconfirmed host announcing on this network' }),
    ).toHaveAttribute('aria-expanded', 'false');
    expect(within(screen.getByRole('region', { name: 'Stale hosts' })).getByRole('button', { name: /^1 stale host / })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
  });

  it('counts in the summary only the hosts of the main groups, and the others apart', () => {
    const c = summaryCounts(
      [host('edge-1'), announced, stale, byAddress, host('edge-5', { role: 'leader', online: false, lastSeen: new Date(NOW - DAY).toISOString() })],
      { staleDays: 14, now: NOW },
    );
    expect(c).toEqual({ found: 3, online: 2, leaders: 1, followers: 0, standalone: 2, unconfirmed: 1, stale: 1 });
    expect(asideNote(c)).toBe('+ 1 unconfirmed, 1 stale');
    expect(asideNote({ unconfirmed: 0, stale: 2 })).toBe('+ 2 stale');
    expect(asideNote({ unconfirmed: 0, stale: 0 })).toBeNull();
  });

  it('shows the summary strip without the unconfirmed and stale hosts, and says how many are below', async () => {
    await renderApp({ hosts: [host('edge-1'), announced, { ...stale, lastSeen: '2020-01-01T00:00:00.000Z' }, byAddress] });
    const summary = await screen.findByRole('region', { name: 'Site summary' });
    for (const label of ['Site hosts: 2', 'Online: 2', 'Standalone: 2', 'Leaders: 0']) {
      expect(within(summary).getByRole('group', { name: label })).toBeInTheDocument();
    }
    expect(within(summary).getByText('+ 1 unconfirmed, 1 stale, listed below')).toBeInTheDocument();
  });

  it('leaves them out of the list view too', async () => {
    useViewStore.setState({ mode: 'list' });
    await renderApp({ hosts: [host('edge-1'), announced, { ...stale, lastSeen: '2020-01-01T00:00:00.000Z' }, byAddress] });
    const table = await screen.findByRole('table', { name: 'Hosts' });
    expect(within(table).getByText('host-1')).toBeInTheDocument();
    expect(within(table).getByText('host-4')).toBeInTheDocument();
    expect(within(table).queryByText('host-2')).toBeNull();
    expect(within(table).queryByText('host-3')).toBeNull();
  });

  it('says where the hosts are when every host found is still unconfirmed (a first run, the demo)', async () => {
    const demo = Array.from({ length: 6 }, (_, i) =>
      host(`edge-${i + 1}`, { access: 'needs-trust', sources: ['mdns'], fingerprint: null, offeredFingerprint: FP }),
    );
    await renderApp({ hosts: demo });
    expect(await screen.findByText('No host of this site yet')).toBeInTheDocument();
    expect(screen.queryByText('No host matches')).toBeNull();
    expect(screen.getByRole('button', { name: '6 unconfirmed hosts announcing on this network' })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Review 6 new certificates' }).length).toBeGreaterThan(0);
  });
});
