// @vitest-environment jsdom
import '../../../test/setup';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { host, leader, peer } from '../../../test/fixtures';
import { card, renderApp } from '../../../test/render';

function site() {
  const f = host('edge-2', { role: 'follower', leaderId: 'edge-1' });
  return { hosts: [leader('edge-1', Date.now(), { peers: [peer(f)] }), f] };
}

describe('unlink and stop token generation', () => {
  it('unlinks from the leader: the row menu, Unlink, Confirm', async () => {
    const { user, fake } = await renderApp(site());
    await user.click(within(card('host-1')).getByRole('button', { name: 'Actions for linked host host-2' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Unlink' }));
    const dialog = screen.getByRole('dialog', { name: 'Unlink host-2?' });
    expect(within(dialog).getByText(/leaves the group of host-1/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Unlink' }));
    expect(fake.callsOf('link.unlink')).toEqual([{ hostId: 'edge-2', fromLeader: true }]);
  });

  it('unlinks on the follower itself', async () => {
    const { user, fake } = await renderApp(site());
    await user.click(within(card('host-2')).getByRole('button', { name: 'Unlink host-2' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Unlink' }));
    expect(fake.callsOf('link.unlink')).toEqual([{ hostId: 'edge-2', fromLeader: false }]);
  });

  it('does nothing when the confirmation is cancelled', async () => {
    const { user, fake } = await renderApp(site());
    await user.click(within(card('host-2')).getByRole('button', { name: 'Unlink host-2' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.callsOf('link.unlink')).toHaveLength(0);
  });

  it('asks before stopping token generation, warning that followers remain, and shows the refusal as given', async () => {
    const { user, fake } = await renderApp(site());
    const { ConsoleError } = await import('../../../../shared/errors');
    fake.respond('link.stopToken', () => {
      throw new ConsoleError('refused', 'host-1 still has 1 linked host. Unlink every follower first, then stop token generation.');
    });
    await user.click(within(card('host-1')).getByRole('button', { name: 'Stop token generation on host-1' }));
    const dialog = screen.getByRole('dialog', { name: 'Stop token generation?' });
    expect(within(dialog).getByText(/still has 1 linked host/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Stop token generation' }));
    expect(fake.callsOf('link.stopToken')).toEqual([{ hostId: 'edge-1' }]);
    expect(await screen.findByText('host-1 still has 1 linked host. Unlink every follower first, then stop token generation.')).toBeInTheDocument();
  });
});
