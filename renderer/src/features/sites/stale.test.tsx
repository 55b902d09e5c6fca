// @vitest-environment jsdom
import '../../../test-kit/setup';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { host } from '../../../test-kit/fixtures';
import { createFakeApi } from '../../../test-kit/fake-api';
import { renderWithProviders } from '../../../test-kit/render';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { useSettingsStore } from '../../entities/settings/settings-store';
import { settings } from '../../../test-kit/fixtures';
import { StaleHostsGroup } from './StaleHostsGroup';
import { isStaleView } from './stale';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-06-01T12:00:00Z');
const ago = (days: number) => new Date(NOW - days * DAY).toISOString();

describe('stale hosts', () => {
  it('are offline, not pinned and not seen for the set number of days', () => {
    expect(isStaleView(host('edge-1', { online: false, lastSeen: ago(20) }), 14, NOW)).toBe(true);
    expect(isStaleView(host('edge-1', { online: false, lastSeen: ago(3) }), 14, NOW)).toBe(false);
    expect(isStaleView(host('edge-1', { online: true, lastSeen: ago(20) }), 14, NOW)).toBe(false);
    expect(isStaleView(host('edge-1', { online: false, pinned: true, lastSeen: ago(20) }), 14, NOW)).toBe(false);
    expect(isStaleView(host('edge-1', { online: false, lastSeen: null }), 14, NOW)).toBe(false);
  });

  it('fade into one collapsed group that opens on demand and forgets them all after a confirmation', async () => {
    useSettingsStore.setState({ settings: { ...settings, staleDays: 10 } } as never);
    useHostsStore
      .getState()
      .replaceAll([
        host('edge-1', { online: false, lastSeen: ago(40) }),
        host('edge-2', { online: false, lastSeen: ago(12) }),
        host('edge-3', { online: false, lastSeen: ago(2) }),
        host('edge-4'),
      ]);
    const fake = createFakeApi();
    fake.respond('hosts.forgetStale', () => ({ forgotten: ['edge-1', 'edge-2'] }));
    const { user } = renderWithProviders(
      <>
        <StaleHostsGroup now={NOW} />
        <ConfirmDialog />
      </>,
      fake,
    );
    const group = screen.getByRole('region', { name: 'Stale hosts' });
    const toggle = within(group).getByRole('button', { name: /2 stale hosts \(not seen for more than 10 days\)/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(
      within(group)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([expect.stringMatching(/^host-1 · 10\.0\.0\.1:5080/), expect.stringMatching(/^host-2 · 10\.0\.0\.2:5080/)]);
    await user.click(within(group).getByRole('button', { name: 'Forget all stale' }));
    const dialog = screen.getByRole('dialog', { name: 'Forget 2 stale hosts?' });
    await user.click(within(dialog).getByRole('button', { name: 'Forget all stale' }));
    expect(fake.callsOf('hosts.forgetStale')).toEqual([{}]);
  });
});
