// @vitest-environment jsdom
import '../../../test-kit/setup';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { host, leader } from '../../../test-kit/fixtures';
import { dataTransfer, drag } from '../../../test-kit/drag';
import { card, renderApp } from '../../../test-kit/render';
import { LEADER_MIME } from './drag-link';

const site = () => ({ hosts: [leader('edge-1', Date.now()), host('edge-2'), host('edge-3'), host('edge-4')] });

describe('drag to link', () => {
  it('dropping the leader token on a card runs the preflight, shows it, then links', async () => {
    const { fake, user } = await renderApp(site());
    const { accepted, dataTransfer } = drag(screen.getByTestId('token-edge-1'), card('host-2'));
    expect(accepted).toBe(true);
    // Only the leader's id travels with the drag, never the token.
    expect(dataTransfer.types).toEqual([LEADER_MIME]);
    expect(dataTransfer.getData(LEADER_MIME)).toBe('edge-1');
    expect(fake.callsOf('link.token')).toHaveLength(0);

    const dialog = await screen.findByRole('dialog', { name: 'Link to leader' });
    expect(fake.callsOf('link.preflight')).toEqual([{ leaderId: 'edge-1', followerIds: ['edge-2'] }]);
    expect(fake.callsOf('link.followers')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Link 1 host' }));
    expect(fake.callsOf('link.followers')).toEqual([{ leaderId: 'edge-1', followerIds: ['edge-2'] }]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('dropping on a selected card links the whole selection, leaving out the hosts the preflight refused', async () => {
    const { fake, user } = await renderApp(site());
    fake.respond('link.preflight', ({ leaderId, followerIds }) => [
      { hostId: leaderId, name: leaderId, ok: true, reasons: [] },
      ...followerIds.map((id) => ({
        hostId: id,
        name: id,
        ok: id !== 'edge-3',
        reasons: id === 'edge-3' ? ['edge-3 runs agent mode; the leader runs appliance mode.'] : [],
      })),
    ]);
    await user.click(screen.getByRole('checkbox', { name: 'Select host-2' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select host-3' }));
    drag(card('host-1'), card('host-3'));
    const dialog = await screen.findByRole('dialog', { name: 'Link to leader' });
    expect(fake.callsOf('link.preflight')[0]).toEqual({ leaderId: 'edge-1', followerIds: ['edge-2', 'edge-3'] });
    expect(within(dialog).getByText('edge-3 runs agent mode; the leader runs appliance mode.')).toBeInTheDocument();
    expect(within(dialog).getByText('refused')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Link 1 host' }));
    expect(fake.callsOf('link.followers')).toEqual([{ leaderId: 'edge-1', followerIds: ['edge-2'] }]);
  });

  it('does nothing when every host is refused, and says why', async () => {
    const { fake, user } = await renderApp(site());
    fake.respond('link.preflight', ({ followerIds }) => followerIds.map((id) => ({ hostId: id, name: id, ok: false, reasons: ['In-Use by a cluster'] })));
    drag(screen.getByTestId('token-edge-1'), card('host-4'));
    const dialog = await screen.findByRole('dialog', { name: 'Link to leader' });
    expect(within(dialog).getByText('In-Use by a cluster')).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: /^Link \d/ })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(fake.callsOf('link.followers')).toHaveLength(0);
  });

  it('links nothing when the leader itself cannot take followers, and shows its reasons', async () => {
    const { fake } = await renderApp(site());
    fake.respond('link.preflight', ({ leaderId, followerIds }) => [
      { hostId: leaderId, name: 'host-1', ok: false, reasons: ['host-1 is itself a follower of another leader: unlink it before it can lead.'] },
      ...followerIds.map((id) => ({ hostId: id, name: id, ok: true, reasons: [] })),
    ]);
    drag(screen.getByTestId('token-edge-1'), card('host-2'));
    const dialog = await screen.findByRole('dialog', { name: 'Link to leader' });
    expect(within(dialog).getByText('host-1 is itself a follower of another leader: unlink it before it can lead.')).toBeInTheDocument();
    expect(within(dialog).getByText(/0 ready to link/)).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: /^Link \d/ })).toBeNull();
  });

  it('ignores drags that are not a leader (files, text) and drops on the leader itself', async () => {
    const { fake } = await renderApp(site());
    const text = dataTransfer();
    text.setData('text/plain', 'edge-1');
    expect(fireEvent.dragOver(card('host-2'), { dataTransfer: text })).toBe(true);
    fireEvent.drop(card('host-2'), { dataTransfer: text });
    expect(drag(screen.getByTestId('token-edge-1'), card('host-1')).accepted).toBe(false);
    expect(fake.callsOf('link.preflight')).toHaveLength(0);
  });
});
