// @vitest-environment jsdom
import '../../../test-kit/setup';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { host } from '../../../test-kit/fixtures';
import { renderWithProviders } from '../../../test-kit/render';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { UnconfirmedHostsGroup } from './UnconfirmedHostsGroup';
import { isUnconfirmedView } from '../../entities/hosts/unconfirmed';

const FP = Array(32).fill('AB').join(':');

describe('unconfirmed announcers', () => {
  it('are the hosts only announced (mDNS, peer lists) whose certificate nobody checked', () => {
    const fresh = { fingerprint: null };
    expect(isUnconfirmedView(host('edge-1', { ...fresh, access: 'needs-trust', sources: ['mdns'] }))).toBe(true);
    expect(isUnconfirmedView(host('edge-1', { ...fresh, access: 'needs-trust', sources: ['mdns', 'peer'] }))).toBe(true);
    expect(isUnconfirmedView(host('edge-1', { ...fresh, access: 'needs-trust', sources: ['mdns', 'manual'] }))).toBe(false);
    expect(isUnconfirmedView(host('edge-1', { ...fresh, access: 'needs-trust', sources: ['mdns'], pinned: true }))).toBe(false);
    // Announced but never answering (or not yet): still only a claim, not one of the site's hosts.
    expect(isUnconfirmedView(host('edge-1', { ...fresh, access: 'unreachable', online: false, sources: ['mdns'] }))).toBe(true);
    expect(isUnconfirmedView(host('edge-1', { ...fresh, access: 'checking', sources: ['peer'] }))).toBe(true);
    // Trusted once: the site's own host, also while it is offline or answers with another certificate.
    expect(isUnconfirmedView(host('edge-1', { access: 'ok', sources: ['mdns'] }))).toBe(false);
    expect(isUnconfirmedView(host('edge-1', { access: 'unreachable', online: false, sources: ['mdns'] }))).toBe(false);
    expect(isUnconfirmedView(host('edge-1', { access: 'certificate-changed', sources: ['mdns'] }))).toBe(false);
    // Trusted under the id it claims, its pin kept for another address (a DHCP change): a refused login is the
    // technician's to act on in the grid, not a claim to review.
    expect(isUnconfirmedView(host('edge-1', { ...fresh, access: 'auth-failed', sources: ['mdns'] }))).toBe(false);
    expect(isUnconfirmedView(host('edge-1', { ...fresh, access: 'ok', sources: ['mdns'] }))).toBe(false);
  });

  it('are listed apart, collapsed, with the way to review their certificates', async () => {
    useHostsStore
      .getState()
      .replaceAll([
        host('edge-1', { access: 'needs-trust', sources: ['mdns'], offeredFingerprint: FP, fingerprint: null }),
        host('edge-2', { access: 'needs-trust', sources: ['peer'], offeredFingerprint: FP, fingerprint: null }),
        host('edge-3', { access: 'needs-trust', sources: ['manual'], offeredFingerprint: FP, fingerprint: null }),
        host('edge-4'),
      ]);
    const { user } = renderWithProviders(<UnconfirmedHostsGroup />);
    const group = screen.getByRole('region', { name: 'Unconfirmed hosts' });
    const toggle = within(group).getByRole('button', { name: '2 unconfirmed hosts announcing on this network' });
    expect(within(group).queryByRole('list')).toBeNull();
    await user.click(toggle);
    expect(
      within(group)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['host-1 · 10.0.0.1:5080 · found by mdns', 'host-2 · 10.0.0.2:5080 · found by peer']);
    // The review covers every new certificate, the host added by address included.
    expect(within(group).getByRole('button', { name: 'Review 3 new certificates' })).toBeInTheDocument();
  });
});
