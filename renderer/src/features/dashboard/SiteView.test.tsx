// @vitest-environment jsdom
import '../../../test-kit/setup';
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { host, leader, peer } from '../../../test-kit/fixtures';
import { renderApp } from '../../../test-kit/render';
import { useViewStore } from './view-store';
import { METRICS } from './grid-layout';

const { cardHeight: CARD_HEIGHT, gap: GRID_GAP } = METRICS.compact;

describe('site view', () => {
  it('tells a newcomer what to do when no host is found yet', async () => {
    const { user, fake } = await renderApp();
    expect(screen.getByText('No hosts yet')).toBeInTheDocument();
    expect(screen.getByText(/firewall may block mDNS/)).toBeInTheDocument();
    await user.click(screen.getAllByRole('button', { name: 'Rescan' })[1]!);
    expect(fake.callsOf('discovery.rescan')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Add host by address' }));
    const dialog = screen.getByRole('dialog', { name: 'Add host by address' });
    await user.type(within(dialog).getByLabelText(/Address/), '10.0.0.77:5080');
    await user.click(within(dialog).getByRole('button', { name: 'Add host' }));
    expect(fake.callsOf('hosts.add')).toEqual([{ address: '10.0.0.77:5080' }]);

    await user.click(screen.getByRole('button', { name: 'Probe a range' }));
    const probe = screen.getByRole('dialog', { name: 'Probe a range' });
    await user.type(within(probe).getByLabelText(/Range/), '10.0.0.0/24');
    await user.click(within(probe).getByRole('button', { name: 'Probe' }));
    expect(fake.callsOf('discovery.probe')).toEqual([{ cidr: '10.0.0.0/24', port: 5080 }]);
  });

  it('shows hosts as soon as discovery reports them, with the summary strip', async () => {
    const { fake } = await renderApp();
    act(() =>
      fake.emit('hosts.changed', {
        upserted: [
          leader('edge-1', Date.now()),
          host('edge-2', { role: 'follower', leaderId: 'edge-1' }),
          // Offline but seen a moment ago: not stale, so it is one of the site's hosts in the summary.
          host('edge-3', { online: false, access: 'unreachable', lastSeen: new Date().toISOString() }),
        ],
        removed: [],
      }),
    );
    const summary = await screen.findByRole('region', { name: 'Site summary' });
    for (const label of ['Site hosts: 3', 'Online: 2', 'Leaders: 1', 'Followers: 1', 'Standalone: 1', 'Uploads running: 0']) {
      expect(within(summary).getByRole('group', { name: label })).toBeInTheDocument();
    }
  });

  it('puts groups first (leader, then followers), then pinned standalone hosts; filters by role and state, and searches by name, id or address', async () => {
    const { user } = await renderApp({
      hosts: [host('edge-1'), host('edge-2', { pinned: true }), leader('edge-3', Date.now()), host('edge-4', { state: 'In-Use' })],
    });
    const order = () => Array.from(document.querySelectorAll('[data-host-card]')).map((e) => e.getAttribute('data-host-card'));
    expect(order()).toEqual(['edge-3', 'edge-2', 'edge-1', 'edge-4']);
    await user.selectOptions(screen.getByLabelText('Filter by role'), 'leader');
    expect(order()).toEqual(['edge-3']);
    await user.selectOptions(screen.getByLabelText('Filter by role'), 'all');
    await user.selectOptions(screen.getByLabelText('Filter by state'), 'In-Use');
    expect(order()).toEqual(['edge-4']);
    await user.selectOptions(screen.getByLabelText('Filter by state'), 'all');
    await user.type(screen.getByLabelText('Search hosts'), '10.0.0.1');
    expect(order()).toEqual(['edge-1']);
    await user.clear(screen.getByLabelText('Search hosts'));
    await user.type(screen.getByLabelText('Search hosts'), 'nothing-like-this');
    expect(screen.getByText('No host matches')).toBeInTheDocument();
  });

  it('shows each group as leader over followers in the topology view, with live status', async () => {
    const f = host('edge-2', { role: 'follower', leaderId: 'edge-1' });
    const { user, fake } = await renderApp({ hosts: [leader('edge-1', Date.now(), { peers: [peer(f)] }), f, host('edge-3')] });
    await user.click(screen.getByRole('radio', { name: 'Topology' }));
    const group = screen.getByRole('region', { name: 'Group of host-1' });
    expect(within(group).getByRole('listitem', { name: 'host-2: follower, online' })).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'Hosts not in a group' })).getByRole('listitem', { name: 'host-3: standalone, online' }),
    ).toBeInTheDocument();
    // Seen a moment ago: offline but not stale, so it stays in its group.
    act(() => fake.emit('hosts.changed', { upserted: [{ ...f, online: false, lastSeen: new Date().toISOString() }], removed: [] }));
    expect(await within(group).findByRole('listitem', { name: 'host-2: follower, offline' })).toBeInTheDocument();
  });

  it('mounts only the card rows near the viewport, and the next ones as the page scrolls', async () => {
    const hosts = Array.from({ length: 90 }, (_, i) => host(`edge-${i + 1}`));
    await renderApp({ hosts });
    const mounted = () => Array.from(document.querySelectorAll('[data-host-card]')).map((e) => e.getAttribute('data-host-card'));
    expect(screen.getByRole('group', { name: 'Site hosts: 90' })).toBeInTheDocument();
    expect(mounted().length).toBeGreaterThan(5);
    expect(mounted().length).toBeLessThan(40);
    expect(mounted()).toContain('edge-1');
    // 18 rows of 5 compact cards: the region is as tall as all of them, so the scrollbar tells the truth.
    const grid = screen.getByRole('region', { name: 'Hosts' });
    expect(parseFloat(grid.style.height)).toBeGreaterThan(18 * CARD_HEIGHT);
    grid.getBoundingClientRect = () => ({
      top: -12 * (CARD_HEIGHT + GRID_GAP),
      left: 0,
      right: 0,
      bottom: 0,
      width: 0,
      height: 0,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    });
    act(() => void window.dispatchEvent(new Event('scroll')));
    await waitFor(() => expect(mounted()).toContain('edge-76'));
    expect(mounted()).not.toContain('edge-1');
  });

  it('lists a large site in a table that renders only the rows in view', async () => {
    const hosts = Array.from({ length: 300 }, (_, i) => host(`edge-${i + 1}`));
    // Straight to the list: rendering 300 cards first would only slow the test.
    useViewStore.setState({ mode: 'list' });
    await renderApp({ hosts });
    expect(screen.getByRole('radio', { name: 'List' })).toBeChecked();
    const table = screen.getByRole('table', { name: 'Hosts' });
    expect(table).toHaveAttribute('aria-rowcount', '301');
    const rows = within(table).getAllByRole('checkbox');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    expect(within(table).getByText('host-1')).toBeInTheDocument();
    expect(within(table).queryByText('host-300')).toBeNull();
  });

  it('draws the cards of new hosts while no animation frame comes (a hidden window)', async () => {
    // Hidden or minimised, a window gets no animation frames; the cards must not stay placeholders until it is shown.
    const raf = vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0);
    try {
      const { fake } = await renderApp();
      act(() => fake.emit('hosts.changed', { upserted: [host('edge-1'), host('edge-2')], removed: [] }));
      await waitFor(() => expect(document.querySelectorAll('[data-host-card]')).toHaveLength(2));
      expect(document.querySelector('[data-card-placeholder]')).toBeNull();
      expect(raf).toHaveBeenCalled();
    } finally {
      raf.mockRestore();
    }
  });
});
