// @vitest-environment jsdom
import '../../../test-kit/setup';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { host, leader } from '../../../test-kit/fixtures';
import { card, renderApp } from '../../../test-kit/render';
import { useSelectionStore } from './selection-store';

const selected = () => Object.keys(useSelectionStore.getState().selected).sort();

function site() {
  return {
    hosts: [
      leader('edge-1', Date.now()),
      host('edge-2'),
      host('edge-3', { state: 'In-Use' }),
      host('edge-4'),
      host('edge-5'),
      host('edge-6', { role: 'follower', leaderId: 'edge-1' }),
      host('edge-10'),
    ],
  };
}

describe('bulk selection', () => {
  it('shift-click ticks the range between the last tick and this one, in the order shown', async () => {
    const { user } = await renderApp(site());
    await user.click(screen.getByRole('checkbox', { name: 'Select host-2' }));
    await user.keyboard('{Shift>}');
    await user.click(screen.getByRole('checkbox', { name: 'Select host-5' }));
    await user.keyboard('{/Shift}');
    expect(selected()).toEqual(['edge-2', 'edge-3', 'edge-4', 'edge-5']);
    expect(screen.getByText('4 selected')).toBeInTheDocument();
    expect(card('host-3')).toHaveAttribute('data-selected');
  });

  it('Select all Ready ticks the standalone hosts in Ready state, and Link to leader runs preflight then links', async () => {
    const { user, fake } = await renderApp(site());
    await user.click(screen.getByRole('button', { name: /^Select all Ready hosts/ }));
    expect(selected()).toEqual(['edge-10', 'edge-2', 'edge-4', 'edge-5']);

    await user.click(screen.getByRole('button', { name: 'Link to leader…' }));
    const dialog = screen.getByRole('dialog', { name: 'Link to leader' });
    // The only leader is chosen already, and the dialog opens on the next step, not on its close button.
    expect(within(dialog).getByRole('radio', { name: 'host-1' })).toBeChecked();
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Check hosts' })).toHaveFocus());
    await user.click(within(dialog).getByRole('button', { name: 'Check hosts' }));
    expect(fake.callsOf('link.preflight')).toEqual([{ leaderId: 'edge-1', followerIds: ['edge-2', 'edge-4', 'edge-5', 'edge-10'] }]);
    await user.click(await within(dialog).findByRole('button', { name: 'Link 4 hosts' }));
    expect(fake.callsOf('link.followers')).toEqual([{ leaderId: 'edge-1', followerIds: ['edge-2', 'edge-4', 'edge-5', 'edge-10'] }]);
    expect(selected()).toEqual([]);
  });

  it('opens the leader choice on the first leader to choose when none is chosen yet', async () => {
    const { user } = await renderApp({ hosts: [host('edge-2'), host('edge-4')] });
    await user.click(within(card('host-2')).getByRole('button', { name: 'Link to leader: host-2' }));
    const dialog = screen.getByRole('dialog', { name: 'Link to leader' });
    await waitFor(() => expect(within(dialog).getByRole('radio', { name: 'host-4 (becomes the leader)' })).toHaveFocus());
  });

  it('Space on a focused card toggles it; Enter opens its actions', async () => {
    const { user } = await renderApp(site());
    card('host-4').focus();
    await user.keyboard(' ');
    expect(selected()).toEqual(['edge-4']);
    await user.keyboard(' ');
    expect(selected()).toEqual([]);
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('menuitem', { name: 'Make leader (Generate token)' })).toBeInTheDocument();
  });

  it('offers a Ready standalone host as the leader when there is none yet, and says the link makes it leader', async () => {
    const { user, fake } = await renderApp({ hosts: [host('edge-2'), host('edge-3')] });
    fake.respond('link.preflight', ({ leaderId, followerIds }) => [
      { hostId: leaderId, name: 'host-3', ok: true, reasons: [] },
      ...followerIds.map((id) => ({ hostId: id, name: 'host-2', ok: true, reasons: [] })),
    ]);
    await user.click(screen.getByRole('button', { name: 'Link to leader: host-2' }));
    expect(screen.getByRole('button', { name: 'Check hosts' })).toBeDisabled();
    await user.click(screen.getByRole('radio', { name: 'host-3 (becomes the leader)' }));
    await user.click(screen.getByRole('button', { name: 'Check hosts' }));
    expect(await screen.findByText(/linking makes it the leader first/)).toBeInTheDocument();
    // Check hosts is gone: the focus moves on to the confirmation, for the keyboard.
    expect(screen.getByRole('button', { name: 'Make leader and link 1 host' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Make leader and link 1 host' }));
    expect(fake.callsOf('link.followers')).toEqual([{ leaderId: 'edge-3', followerIds: ['edge-2'] }]);
  });

  it('shows preflight warnings as notes beside the host, without refusing it', async () => {
    const { user, fake } = await renderApp(site());
    fake.respond('link.preflight', ({ leaderId, followerIds }) => [
      { hostId: leaderId, name: 'host-1', ok: true, reasons: [], warnings: ['Clock is 40 s ahead of this computer.'] },
      ...followerIds.map((id) => ({
        hostId: id,
        name: id,
        ok: true,
        reasons: [],
        warnings: id === 'edge-2' ? ['Firmware 2.1 is older than the leader.'] : [],
      })),
    ]);
    await user.click(screen.getByRole('checkbox', { name: 'Select host-2' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select host-4' }));
    await user.click(screen.getByRole('button', { name: 'Link to leader…' }));
    const dialog = screen.getByRole('dialog', { name: 'Link to leader' });
    await user.click(within(dialog).getByRole('radio', { name: 'host-1' }));
    await user.click(within(dialog).getByRole('button', { name: 'Check hosts' }));
    const row = (await within(dialog).findByText('Firmware 2.1 is older than the leader.')).closest('tr')!;
    expect(within(row).getByText('ready')).toBeInTheDocument();
    expect(within(dialog).getByText('Clock is 40 s ahead of this computer.')).toBeInTheDocument();
    expect(within(dialog).getAllByRole('list', { name: 'Warnings' })).toHaveLength(2);
    expect(within(dialog).getByRole('button', { name: 'Link 2 hosts' })).toBeEnabled();
  });

  it('explains when no host can lead', async () => {
    const { user } = await renderApp({ hosts: [host('edge-2'), host('edge-3', { state: 'In-Use' })] });
    await user.click(screen.getByRole('button', { name: 'Link to leader: host-2' }));
    expect(screen.getByText(/No host can lead/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Check hosts' })).toBeDisabled();
  });
});
