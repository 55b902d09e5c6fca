// @vitest-environment jsdom
import '../../../test-kit/setup';
import { act, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { host, leader } from '../../../test-kit/fixtures';
import { card, renderApp } from '../../../test-kit/render';
import { follower, upload } from '../../../test-kit/uploads';
import { resetUploadsStore } from './uploads-store';

afterEach(resetUploadsStore);

const GiB = 1024 ** 3;
const site = () => ({
  hosts: [leader('edge-1', Date.now()), host('edge-2', { role: 'follower', leaderId: 'edge-1' }), host('edge-3', { role: 'follower', leaderId: 'edge-1' })],
});
const footer = (name: string) => within(within(card(name)).getByRole('group', { name: `Content upload on ${name}` }));
const bar = () => footer('host-1').getByRole('progressbar', { name: 'Upload of content-2025.tar.zst to host-1' });

describe('an upload on its card', () => {
  it('shows phase, bytes, speed and time left from task events, refreshing the numbers at most once a second', async () => {
    const { fake } = await renderApp(site());
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await act(async () => fake.emit('tasks.changed', upload('u1', {}, 1)));
    expect(footer('host-1').getByText('Uploading')).toBeInTheDocument();
    expect(bar()).toHaveAttribute('aria-valuenow', '25');
    expect(footer('host-1').getByText('1 GiB of 4 GiB · 100 MiB/s · 31 s left')).toBeInTheDocument();
    // Only the target's card shows it; the followers' cards keep their footer free.
    expect(footer('host-2').getByRole('button', { name: 'Upload content to host-2' })).toBeInTheDocument();

    await act(async () => fake.emit('tasks.changed', upload('u1', { etaSec: 20 }, 2)));
    expect(bar()).toHaveAttribute('aria-valuenow', '25');
    await act(async () => vi.advanceTimersByTime(1000));
    expect(bar()).toHaveAttribute('aria-valuenow', '50');
    expect(footer('host-1').getByText('2 GiB of 4 GiB · 100 MiB/s · 20 s left')).toBeInTheDocument();

    // A new phase shows at once, without waiting for the next second.
    await act(async () => fake.emit('tasks.changed', upload('u1', { phase: 'verifying', bytesPerSec: null, etaSec: null }, 4)));
    expect(footer('host-1').getByText('Verifying on the host')).toBeInTheDocument();
    expect(footer('host-1').getByText('4 GiB of 4 GiB')).toBeInTheDocument();
    expect(bar()).not.toHaveAttribute('aria-valuenow');
  });

  it("follows each follower's sync after the upload, then ends clearly", async () => {
    const { fake } = await renderApp(site());
    const rows = (a: string, b: string) => [
      {
        hostId: 'edge-1',
        name: 'host-1',
        state: 'succeeded' as const,
        message: 'content-2025.tar.zst uploaded and verified (4 GiB, sha256 0a1b2c3d4e5f…).',
        detail: null,
      },
      follower('edge-2', 'host-2', { detail: a }),
      follower('edge-3', 'host-3', { detail: b }),
    ];
    await act(async () =>
      fake.emit('tasks.changed', upload('u1', { phase: 'syncing', bytesPerSec: null, etaSec: null, hosts: rows('InProgress 40%', 'Pending') }, 4)),
    );
    expect(footer('host-1').getByText('Syncing to followers')).toBeInTheDocument();
    const list = () => within(footer('host-1').getByRole('list', { name: 'Sync from host-1 to its followers' }));
    // In the words of the leader's table, never the agent's raw state word.
    expect(list().getByRole('listitem', { name: 'host-2: syncing 40%' })).toBeInTheDocument();
    expect(list().getByRole('listitem', { name: 'host-3: sync waiting' })).toBeInTheDocument();
    expect(footer('host-1').queryByText(/InProgress|Pending/)).toBeNull();

    const done = rows('Completed', 'Completed').map((h) => ({ ...h, state: 'succeeded' as const }));
    await act(async () =>
      fake.emit(
        'tasks.ended',
        upload('u1', { state: 'succeeded', phase: null, bytesPerSec: null, etaSec: null, endedAt: '2025-01-01T10:05:00.000Z', hosts: done }, 4),
      ),
    );
    expect(footer('host-1').getByText('Done: uploaded, verified and synced')).toBeInTheDocument();
    expect(list().getByRole('listitem', { name: 'host-2: synced' })).toBeInTheDocument();
    expect(list().getByRole('listitem', { name: 'host-3: synced' })).toBeInTheDocument();
    expect(footer('host-1').queryByText('Completed')).toBeNull();
    expect(footer('host-1').getByText(/uploaded and verified \(4 GiB, sha256/)).toBeInTheDocument();
    expect(bar()).toHaveAttribute('aria-valuenow', '100');
    expect(footer('host-1').queryByRole('button', { name: /^Cancel/ })).toBeNull();
  });

  it("words a spec-only host's sync (the Local UI's Syncing 70%, Synced) as the leader's table does", async () => {
    const { fake } = await renderApp(site());
    const hosts = [
      { hostId: 'edge-1', name: 'host-1', state: 'succeeded' as const, message: 'content-2025.tar.zst uploaded and verified.', detail: null },
      follower('edge-2', 'host-2', { detail: 'Syncing 70%' }),
      follower('edge-3', 'host-3', { detail: 'Synced', state: 'succeeded' }),
    ];
    await act(async () => fake.emit('tasks.changed', upload('u1', { phase: 'syncing', bytesPerSec: null, etaSec: null, hosts }, 4)));
    const list = within(footer('host-1').getByRole('list', { name: 'Sync from host-1 to its followers' }));
    expect(list.getByRole('listitem', { name: 'host-2: syncing 70%' })).toBeInTheDocument();
    expect(list.getByRole('listitem', { name: 'host-3: synced' })).toBeInTheDocument();
    expect(footer('host-1').queryByText(/^(Syncing 70%|Synced)$/)).toBeNull();
  });

  it('cancels a running upload', async () => {
    const { fake, user } = await renderApp({ ...site(), tasks: [upload('u1')] });
    const cancelled = upload('u1', {
      state: 'cancelled',
      phase: null,
      retryable: true,
      endedAt: '2025-01-01T10:01:00.000Z',
      error: { code: 'cancelled', message: 'Cancelled after 1 GiB of 4 GiB: content-2025.tar.zst was not uploaded.' },
    });
    fake.respond('tasks.cancel', () => cancelled);
    await user.click(footer('host-1').getByRole('button', { name: 'Cancel the upload of content-2025.tar.zst to host-1' }));
    expect(fake.callsOf('tasks.cancel')).toEqual([{ taskId: 'u1' }]);
    expect(await footer('host-1').findByText('Cancelled')).toBeInTheDocument();
    expect(footer('host-1').getByText('Cancelled after 1 GiB of 4 GiB: content-2025.tar.zst was not uploaded.')).toBeInTheDocument();
  });

  it('retries a failed upload and follows the new task on the same card', async () => {
    const failed = upload('u1', {
      state: 'failed',
      phase: null,
      retryable: true,
      cancellable: false,
      endedAt: '2025-01-01T10:01:00.000Z',
      error: { code: 'unreachable', message: 'The connection to host-1 broke after 1 GiB of 4 GiB of content-2025.tar.zst. Check the host, then retry.' },
    });
    const { fake, user } = await renderApp({ ...site(), tasks: [failed] });
    expect(footer('host-1').getByText('Failed')).toBeInTheDocument();
    expect(footer('host-1').getByText(/The connection to host-1 broke/)).toBeInTheDocument();
    fake.respond('tasks.retry', () => ({ taskId: 'u2' }));
    await user.click(footer('host-1').getByRole('button', { name: 'Retry the upload of content-2025.tar.zst to host-1' }));
    expect(fake.callsOf('tasks.retry')).toEqual([{ taskId: 'u1' }]);
    // The retry is reported before the core has given it any host row: the card knows it from the retry's answer.
    await act(async () =>
      fake.emit('tasks.changed', upload('u2', { phase: 'queued', progress: null, hosts: [], retryOf: 'u1', startedAt: '2025-01-01T10:02:00.000Z' })),
    );
    expect(footer('host-1').getByText('Waiting for its turn')).toBeInTheDocument();
    expect(footer('host-1').getByRole('button', { name: 'Cancel the upload of content-2025.tar.zst to host-1' })).toBeInTheDocument();
  });

  it('puts a finished result away on Dismiss, back to the upload button', async () => {
    const done = upload('u1', { state: 'succeeded', phase: null, endedAt: '2025-01-01T10:05:00.000Z' }, 4);
    const { user } = await renderApp({ ...site(), tasks: [done] });
    expect(footer('host-1').getByText('Done: uploaded and verified')).toBeInTheDocument();
    await user.click(footer('host-1').getByRole('button', { name: 'Dismiss the upload result of content-2025.tar.zst' }));
    expect(footer('host-1').getByRole('button', { name: 'Upload content to host-1' })).toBeInTheDocument();
  });

  it('shows the running upload first and counts the ones waiting behind it', async () => {
    const waiting = upload('u2', { title: 'Upload cluster.tgz to host-1', phase: 'queued', progress: null, startedAt: '2025-01-01T09:59:00.000Z' });
    await renderApp({ ...site(), tasks: [waiting, upload('u1')] });
    expect(footer('host-1').getByText('content-2025.tar.zst')).toBeInTheDocument();
    expect(footer('host-1').getByText('+1 waiting')).toBeInTheDocument();
    expect(bar()).toHaveAttribute('aria-valuenow', String(Math.round((GiB / (4 * GiB)) * 100)));
  });
});
