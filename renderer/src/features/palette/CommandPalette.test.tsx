// @vitest-environment jsdom
import '../../../test-kit/setup';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { host, leader, peer, task } from '../../../test-kit/fixtures';
import { renderApp } from '../../../test-kit/render';
import { useViewStore } from '../dashboard/view-store';

async function openPalette(user: Awaited<ReturnType<typeof renderApp>>['user']) {
  await user.keyboard('{Control>}k{/Control}');
  const search = await screen.findByRole('textbox', { name: 'Search actions' });
  await user.clear(search);
  return search;
}

describe('command palette', () => {
  it('opens with Ctrl+K and runs a host action found by typing', async () => {
    const { user, fake } = await renderApp({ hosts: [leader('edge-1', Date.now()), host('edge-2')] });
    const search = await openPalette(user);
    await user.type(search, 'make leader host-2');
    await user.click(await screen.findByRole('button', { name: /Make leader \(Generate token\) — host-2/ }));
    expect(fake.callsOf('link.makeLeader')).toEqual([{ hostId: 'edge-2' }]);
  });

  it('offers the site actions: views, rescan, dialogs', async () => {
    const { user, fake } = await renderApp({ hosts: [host('edge-2')] });
    await user.type(await openPalette(user), 'show topology');
    await user.click(await screen.findByRole('button', { name: /Show topology/ }));
    expect(useViewStore.getState().mode).toBe('topology');

    await user.type(await openPalette(user), 'rescan');
    await user.click(await screen.findByRole('button', { name: /Rescan the network/ }));
    expect(fake.callsOf('discovery.rescan')).toHaveLength(1);

    await user.type(await openPalette(user), 'site credentials');
    await user.click(await screen.findByRole('button', { name: /Site credentials…/ }));
    await waitFor(() => expect(screen.getByRole('dialog', { name: 'Site credentials' })).toBeInTheDocument());
  });

  it("unlinks through the leader's table a follower the console has not found itself, and retries a failed task", async () => {
    // Only in the leader's table: the console never found edge-2 itself.
    const f = host('edge-2', { role: 'follower', leaderId: 'edge-1' });
    const failed = task('t9', {
      title: 'Link 1 host to host-1',
      state: 'failed',
      retryable: true,
      cancellable: false,
      endedAt: '2025-01-01T10:00:05.000Z',
      hosts: [{ hostId: 'edge-2', name: 'host-2', state: 'failed', message: 'timed out', detail: null }],
    });
    const { user, fake } = await renderApp({ hosts: [leader('edge-1', Date.now(), { peers: [peer(f)] })], tasks: [failed] });
    await user.type(await openPalette(user), 'unlink host-2 from');
    await user.click(await screen.findByRole('button', { name: /Unlink host-2 from host-1/ }));
    await user.click(await screen.findByRole('button', { name: 'Unlink' }));
    expect(fake.callsOf('link.unlink')).toEqual([{ hostId: 'edge-2', fromLeader: true }]);

    await user.type(await openPalette(user), 'retry');
    await user.click(await screen.findByRole('button', { name: /Retry task: Link 1 host to host-1/ }));
    expect(fake.callsOf('tasks.retry')).toEqual([{ taskId: 't9' }]);
  });

  it('offers one "Dissolve group" per leader rather than one unlink per follower it found', async () => {
    const fs = ['edge-2', 'edge-3', 'edge-4'].map((id) => host(id, { role: 'follower', leaderId: 'edge-1' }));
    const { user, fake } = await renderApp({ hosts: [leader('edge-1', Date.now(), { peers: fs.map(peer) }), ...fs] });
    await user.type(await openPalette(user), 'unlink');
    expect(screen.queryByRole('button', { name: /Unlink host-2 from host-1/ })).toBeNull();
    await user.click(await screen.findByRole('button', { name: /Dissolve group \(unlink 3, then stop the token\) — host-1/ }));
    await user.click(await screen.findByRole('button', { name: 'Dissolve group' }));
    expect(fake.callsOf('link.dissolve')).toEqual([{ leaderId: 'edge-1' }]);
  });

  it('runs confirmed actions through the same confirmation as the card', async () => {
    const { user, fake } = await renderApp({ hosts: [leader('edge-1', Date.now())] });
    await user.type(await openPalette(user), 'stop token');
    await user.click(await screen.findByRole('button', { name: /Stop token generation — host-1/ }));
    await user.click(await screen.findByRole('button', { name: 'Stop token generation' }));
    expect(fake.callsOf('link.stopToken')).toEqual([{ hostId: 'edge-1' }]);
  });
});
