// @vitest-environment jsdom
// The dashboard lists unconfirmed announcers and stale hosts apart, in collapsed groups under the site's hosts.
import '../../../test-kit/setup';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { host } from '../../../test-kit/fixtures';
import { renderApp } from '../../../test-kit/render';

const FP = Array(32).fill('AB').join(':');

describe('the dashboard groups', () => {
  it('shows the unconfirmed and the stale hosts in collapsed groups below the site', async () => {
    await renderApp({
      hosts: [
        host('edge-1'),
        host('edge-2', { access: 'needs-trust', sources: ['mdns'], fingerprint: null, offeredFingerprint: FP }),
        host('edge-3', { online: false, lastSeen: '2020-01-01T00:00:00.000Z' }),
      ],
    });
    const unconfirmed = await screen.findByRole('region', { name: 'Unconfirmed hosts' });
    expect(within(unconfirmed).getByRole('button', { name: '1 unconfirmed host announcing on this network' })).toHaveAttribute('aria-expanded', 'false');
    const stale = screen.getByRole('region', { name: 'Stale hosts' });
    expect(within(stale).getByRole('button', { name: /^1 stale host \(not seen for more than \d+ days\)$/ })).toHaveAttribute('aria-expanded', 'false');
  });

  it('shows neither group while there is nothing to put in it', async () => {
    await renderApp({ hosts: [host('edge-1')] });
    expect(screen.queryByRole('region', { name: 'Unconfirmed hosts' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Stale hosts' })).toBeNull();
  });
});
