// @vitest-environment jsdom
import '../../../test-kit/setup';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { host, leader, peer } from '../../../test-kit/fixtures';
import { card, renderApp } from '../../../test-kit/render';

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

  it('does not let the technician press Stop while followers remain: the button is disabled with the reason beside it', async () => {
    const { user, fake } = await renderApp(site());
    await user.click(within(card('host-1')).getByRole('button', { name: 'Stop token generation on host-1' }));
    const dialog = screen.getByRole('dialog', { name: 'Stop token generation?' });
    expect(within(dialog).getByText(/still has 1 linked host/)).toBeInTheDocument();
    const stop = within(dialog).getByRole('button', { name: 'Stop token generation' });
    expect(stop).toBeDisabled();
    expect(stop).toHaveAccessibleDescription(/Unlink its follower first/);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(fake.callsOf('link.stopToken')).toHaveLength(0);
  });

  it('shows the refusal as given when the host refuses a stop the console could not foresee', async () => {
    const { user, fake } = await renderApp({ hosts: [leader('edge-1', Date.now())] });
    const { ConsoleError } = await import('../../../../shared/errors');
    fake.respond('link.stopToken', () => {
      throw new ConsoleError('refused', 'host-1 has an active cluster. Delete the cluster first, then stop token generation.');
    });
    await user.click(within(card('host-1')).getByRole('button', { name: 'Stop token generation on host-1' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Stop token generation?' })).getByRole('button', { name: 'Stop token generation' }));
    expect(fake.callsOf('link.stopToken')).toEqual([{ hostId: 'edge-1' }]);
    expect(await screen.findByText('host-1 has an active cluster. Delete the cluster first, then stop token generation.')).toBeInTheDocument();
  });

  it('unlinks a selection in one task, and dissolves a whole group from the leader card', async () => {
    const { user, fake } = await renderApp(site());
    await user.click(within(card('host-2')).getByRole('checkbox', { name: 'Select host-2' }));
    await user.click(screen.getByRole('button', { name: 'Unlink 1 selected' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Unlink host-2?' })).getByRole('button', { name: 'Unlink' }));
    expect(fake.callsOf('link.unlinkMany')).toEqual([{ hostIds: ['edge-2'] }]);
    await user.click(within(card('host-1')).getByRole('button', { name: 'Dissolve group of host-1' }));
    const dialog = screen.getByRole('dialog', { name: 'Dissolve group of host-1?' });
    expect(within(dialog).getByText(/Its follower is unlinked/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Dissolve group' }));
    expect(fake.callsOf('link.dissolve')).toEqual([{ leaderId: 'edge-1' }]);
  });
});
