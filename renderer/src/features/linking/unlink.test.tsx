// @vitest-environment jsdom
import '../../../test-kit/setup';
import { screen, waitFor, within } from '@testing-library/react';
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
    // This host showed it has the stop call: no word of the Local UI.
    expect(within(dialog).queryByText(/no call to stop token generation/)).toBeNull();
    const stop = within(dialog).getByRole('button', { name: 'Stop token generation' });
    expect(stop).toBeDisabled();
    expect(stop).toHaveAccessibleDescription(/Unlink its follower first/);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(fake.callsOf('link.stopToken')).toHaveLength(0);
  });

  it('says before the stop that a host without a stop call is sent to its Local UI', async () => {
    const spec = { generating: true, remainingSec: 90, intervalSec: 120, readAt: Date.now(), support: 'unsupported' as const };
    const { user } = await renderApp({ hosts: [leader('edge-1', Date.now(), { token: spec })] });
    await user.click(within(card('host-1')).getByRole('button', { name: 'Stop token generation on host-1' }));
    const dialog = screen.getByRole('dialog', { name: 'Stop token generation?' });
    // It promises nothing a host speaking only the published API cannot do (it has no call to stop).
    expect(within(dialog).getByText(/Where the host's API has no call to stop token generation, Fieldlink says so .* Local UI/)).toBeInTheDocument();
  });

  it("lets Stop go once the leader's table empties while the question is open (its follower unlinked on its own card)", async () => {
    const { user, fake } = await renderApp(site());
    await user.click(within(card('host-1')).getByRole('button', { name: 'Stop token generation on host-1' }));
    const dialog = screen.getByRole('dialog', { name: 'Stop token generation?' });
    expect(within(dialog).getByRole('button', { name: 'Stop token generation' })).toBeDisabled();
    // The leader's next status no longer lists the follower.
    fake.emit('hosts.changed', { upserted: [leader('edge-1', Date.now()), host('edge-2')], removed: [] });
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Stop token generation' })).toBeEnabled());
    expect(within(dialog).queryByText(/still has 1 linked host/)).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Stop token generation' }));
    expect(fake.callsOf('link.stopToken')).toEqual([{ hostId: 'edge-1' }]);
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

  it("says on the card that a stop left to the host's Local UI is not seen from here, rather than that it stopped", async () => {
    const token = { generating: false, remainingSec: 0, intervalSec: 0, readAt: Date.now(), support: 'unsupported' as const };
    await renderApp({ hosts: [host('edge-1', { token: { ...token, stopUnconfirmed: true } }), host('edge-2', { token })] });
    const note = within(card('host-1')).getByRole('status');
    expect(note).toHaveTextContent(/cannot see whether token generation stopped .* Local UI at https:\/\/10\.0\.0\.1:5080 if you have not/);
    // A spec-only host nobody asked to stop says nothing of the kind.
    expect(within(card('host-2')).queryByText(/cannot see whether token generation stopped/)).toBeNull();
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
