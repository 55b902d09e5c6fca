// @vitest-environment jsdom
import '../../../test-kit/setup';
import { act, screen, waitFor, within } from '@testing-library/react';
import { Profiler } from 'react';
import { describe, expect, it } from 'vitest';
import { card, renderApp, renderWithProviders } from '../../../test-kit/render';
import { HostCard } from './HostCard';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { useViewStore } from './view-store';
import { host, leader, peer } from '../../../test-kit/fixtures';

describe('host card', () => {
  it('shows a leader with its token ring, Copy, Stop token generation and the Linked Edge Hosts table', async () => {
    const f1 = host('edge-2', { role: 'follower', leaderId: 'edge-1' });
    await renderApp({ hosts: [leader('edge-1', Date.now(), { peers: [peer(f1)] }), f1] });
    const c = within(card('host-1'));
    expect(c.getByText('leader')).toBeInTheDocument();
    expect(c.getByRole('timer')).toHaveTextContent(/^(89|90)$/);
    expect(c.getByRole('button', { name: 'Copy token of host-1' })).toBeInTheDocument();
    expect(c.getByRole('button', { name: 'Stop token generation on host-1' })).toBeInTheDocument();
    const table = c.getByRole('table', { name: 'Linked Edge Hosts of host-1' });
    expect(within(table).getByText('host-2')).toBeInTheDocument();
    expect(c.getByRole('button', { name: 'Actions for linked host host-2' })).toBeInTheDocument();
  });

  it('shows a follower with its leader and an Unlink action', async () => {
    await renderApp({ hosts: [leader('edge-1', Date.now()), host('edge-2', { role: 'follower', leaderId: 'edge-1', linkStatus: 'Linked' })] });
    const c = within(card('host-2'));
    expect(c.getByText('Linked to leader')).toBeInTheDocument();
    expect(c.getByText('host-1')).toBeInTheDocument();
    expect(c.getByRole('button', { name: 'Unlink host-2' })).toBeInTheDocument();
    expect(c.queryByRole('button', { name: /Copy token/ })).toBeNull();
  });

  it('shows a standalone host with Make leader and Link this device to another', async () => {
    const { user, fake } = await renderApp({ hosts: [host('edge-3')] });
    const c = within(card('host-3'));
    expect(c.getByText('Ready')).toBeInTheDocument();
    await user.click(c.getByRole('button', { name: 'Make leader (Generate token): host-3' }));
    expect(fake.callsOf('link.makeLeader')).toEqual([{ hostId: 'edge-3' }]);

    await user.click(c.getByRole('button', { name: 'Link this device to another: host-3' }));
    const dialog = screen.getByRole('dialog', { name: 'Link host-3 to another device' });
    await user.type(within(dialog).getByLabelText(/Token/), 'PASTED-TOKEN-42');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(fake.callsOf('link.withToken')).toEqual([{ hostId: 'edge-3', token: 'PASTED-TOKEN-42' }]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('sends a pasted token on Enter in the token box, as a keyboard user expects', async () => {
    const { user, fake } = await renderApp({ hosts: [host('edge-3')] });
    await user.click(within(card('host-3')).getByRole('button', { name: 'Link this device to another: host-3' }));
    const dialog = screen.getByRole('dialog', { name: 'Link host-3 to another device' });
    // Not what Confirm would refuse: a token too short to be one is not sent.
    await user.type(within(dialog).getByLabelText(/Token/), 'PASTE{Enter}');
    expect(fake.callsOf('link.withToken')).toEqual([]);
    await user.type(within(dialog).getByLabelText(/Token/), 'D-TOKEN-42{Enter}');
    expect(fake.callsOf('link.withToken')).toEqual([{ hostId: 'edge-3', token: 'PASTED-TOKEN-42' }]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it("keeps a host's long link refusal to whole lines on the card (one on a compact card), the whole text in its title", async () => {
    const refusal = 'The leader refused the link: The one-time password in the token has expired: copy a fresh token from the leader.';
    await renderApp({ hosts: [host('edge-4', { linkError: refusal })] });
    const shown = within(card('host-4')).getByText(refusal);
    expect(shown).toHaveClass('fl-clamp-2');
    expect(shown).toHaveAttribute('title', refusal);
  });

  it('says an online host was seen just now, though the core moves its last-seen time only every few minutes', async () => {
    const minutesAgo = new Date(Date.now() - 3 * 60_000).toISOString();
    await renderApp({ hosts: [host('edge-1', { lastSeen: minutesAgo }), host('edge-2', { online: false, lastSeen: minutesAgo })] });
    expect(within(card('host-1')).getByText('just now')).toBeInTheDocument();
    expect(within(card('host-1')).queryByText('3 min ago')).toBeNull();
    // An offline host's last answer is what the technician needs to know.
    expect(within(card('host-2')).getByText('3 min ago')).toBeInTheDocument();
  });

  it('shows the facts of the host in detailed cards: id, address, mode, OS, agent, health, sources, last seen', async () => {
    useViewStore.setState({ density: 'detailed' });
    await renderApp({ hosts: [host('edge-4', { sources: ['mdns', 'probe'] })] });
    const facts = within(screen.getByLabelText('Details of host-4'));
    for (const text of ['edge-4', '10.0.0.4:5080', 'appliance', 'ubuntu-22.04', '4.6.0', 'healthy', 'mdns, probe']) {
      expect(facts.getByText(text)).toBeInTheDocument();
    }
    expect(facts.getByText('Last seen')).toBeInTheDocument();
  });

  it('renders markup in host names and host-reported text as literal text', async () => {
    useViewStore.setState({ density: 'detailed' });
    const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    await renderApp({ hosts: [host('edge-5', { name: evil, os: '<script>alert(1)</script>', role: 'follower', leaderId: 'edge-9', linkError: '<i>x</i>' })] });
    expect(screen.getAllByText(evil).length).toBeGreaterThan(0);
    expect(screen.getByText('<script>alert(1)</script>')).toBeInTheDocument();
    expect(screen.getByText('<i>x</i>')).toBeInTheDocument();
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(document.querySelector('b')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('re-renders only the card whose host changed', async () => {
    useViewStore.setState({ density: 'detailed' });
    useHostsStore.getState().replaceAll([host('edge-1'), host('edge-2')]);
    const renders: Record<string, number> = { 'edge-1': 0, 'edge-2': 0 };
    renderWithProviders(
      <>
        {['edge-1', 'edge-2'].map((id) => (
          <Profiler key={id} id={id} onRender={() => (renders[id] = (renders[id] ?? 0) + 1)}>
            <HostCard hostId={id} />
          </Profiler>
        ))}
      </>,
    );
    const before = { ...renders };
    act(() => useHostsStore.getState().apply([host('edge-1', { agentVersion: '9.9.9' })], []));
    expect(screen.getByText('9.9.9')).toBeInTheDocument();
    expect(renders['edge-1']).toBeGreaterThan(before['edge-1']!);
    expect(renders['edge-2']).toBe(before['edge-2']);
  });
});

describe('compact host card', () => {
  it('is the default: address, health and a live "last seen" on one line instead of the facts table', async () => {
    // Offline: an online host reads "just now" (test above), an offline one counts from its last answer.
    await renderApp({ hosts: [host('edge-6', { online: false, lastSeen: new Date(Date.now() - 42_000).toISOString(), health: 'Unhealthy' })] });
    const c = within(card('host-6'));
    expect(c.getByText('10.0.0.6:5080')).toBeInTheDocument();
    expect(c.getByText(/^4\d s ago$/)).toBeInTheDocument();
    expect(c.getByText('unhealthy')).toBeInTheDocument();
    expect(screen.queryByLabelText('Details of host-6')).toBeNull();
  });
});
