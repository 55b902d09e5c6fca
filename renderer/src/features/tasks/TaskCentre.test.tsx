// @vitest-environment jsdom
import '../../../test-kit/setup';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { host, task } from '../../../test-kit/fixtures';
import { card, renderApp } from '../../../test-kit/render';

const running = task('t1', {
  title: 'Link 2 hosts to host-1',
  hosts: [
    { hostId: 'edge-2', name: 'host-2', state: 'running', message: null, detail: 'InProgress 40%' },
    { hostId: 'edge-3', name: 'host-3', state: 'pending', message: null, detail: null },
  ],
});
const failed = task('t0', {
  title: 'Unlink host-4',
  kind: 'unlink',
  state: 'failed',
  progress: null,
  cancellable: false,
  retryable: true,
  startedAt: '2025-01-01T09:00:00.000Z',
  endedAt: '2025-01-01T09:00:05.000Z',
  error: { code: 'unreachable', message: 'host-4 did not answer. Check that it is on and try again.' },
});

describe('task centre', () => {
  it('counts running tasks on the header badge and shows each task with per-host results', async () => {
    const { user } = await renderApp({ hosts: [host('edge-2'), host('edge-3')], tasks: [running, failed] });
    await user.click(screen.getByRole('button', { name: 'Tasks, 1 running' }));
    const drawer = screen.getByRole('dialog', { name: 'Task centre' });
    const item = within(drawer).getByRole('article', { name: 'Task: Link 2 hosts to host-1' });
    expect(within(item).getByRole('progressbar', { name: 'Progress of Link 2 hosts to host-1' })).toHaveAttribute('aria-valuenow', '50');
    expect(within(item).getByText('1 of 2 hosts linked')).toBeInTheDocument();
    // The host's raw state word never reaches the screen.
    expect(within(item).getByText('linking 40%')).toBeInTheDocument();
    expect(within(item).queryByText(/InProgress/)).toBeNull();
    const old = within(drawer).getByRole('article', { name: 'Task: Unlink host-4' });
    expect(within(old).getByText('host-4 did not answer. Check that it is on and try again.')).toBeInTheDocument();
  });

  it('shows the task on the cards of the hosts it works on', async () => {
    await renderApp({ hosts: [host('edge-2'), host('edge-3'), host('edge-4')], tasks: [running] });
    expect(within(card('host-2')).getByText('Link 2 hosts to host-1: linking 40%')).toBeInTheDocument();
    expect(within(card('host-3')).getByText('Link 2 hosts to host-1: waiting')).toBeInTheDocument();
    expect(within(card('host-4')).queryByText(/Link 2 hosts/)).toBeNull();
  });

  it('cancels a running task and retries a failed one', async () => {
    const { user, fake } = await renderApp({ tasks: [running, failed] });
    fake.respond('tasks.cancel', () => ({ ...running, state: 'cancelled', endedAt: '2025-01-01T10:00:09.000Z' }));
    await user.click(screen.getByRole('button', { name: /^Tasks/ }));
    await user.click(screen.getByRole('button', { name: 'Cancel Link 2 hosts to host-1' }));
    expect(fake.callsOf('tasks.cancel')).toEqual([{ taskId: 't1' }]);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Tasks, 0 running' })).toBeInTheDocument());
    await user.click(screen.getByRole('button', { name: 'Retry Unlink host-4' }));
    expect(fake.callsOf('tasks.retry')).toEqual([{ taskId: 't0' }]);
  });

  it('shows a refused task in red and offers no Retry that would only be refused again', async () => {
    const refused = task('t9', {
      title: 'Stop token generation on host-1',
      kind: 'stop-token',
      state: 'failed',
      progress: { done: 1, total: 1, unit: 'hosts' },
      cancellable: false,
      retryable: true,
      endedAt: '2025-01-01T10:00:05.000Z',
      hosts: [{ hostId: 'edge-1', name: 'host-1', state: 'refused', message: 'host-1 still leads 2 linked host(s).', detail: null }],
      error: { code: 'preflight-failed', message: 'host-1 still leads 2 linked host(s).' },
    });
    const { user } = await renderApp({ tasks: [refused] });
    await user.click(screen.getByRole('button', { name: /^Tasks/ }));
    const item = screen.getByRole('article', { name: 'Task: Stop token generation on host-1' });
    expect(within(item).getByRole('progressbar').closest('[style]')?.getAttribute('style') ?? '').toMatch(/red/);
    expect(within(item).getByText('refused')).toBeInTheDocument();
    expect(within(item).queryByRole('button', { name: /^Retry/ })).toBeNull();
  });

  it('counts only the hosts that succeeded once one failed: a failed link never reads "1 of 1 hosts linked"', async () => {
    const pasted = task('t8', {
      title: 'Link host-4 with a pasted token',
      state: 'failed',
      progress: { done: 1, total: 1, unit: 'hosts' },
      cancellable: false,
      endedAt: '2025-01-01T10:00:05.000Z',
      hosts: [{ hostId: 'edge-4', name: 'host-4', state: 'failed', message: 'The one-time password in the token has expired.', detail: 'Failed' }],
      error: { code: 'refused', message: 'The one-time password in the token has expired.' },
    });
    const partial = task('t7', {
      title: 'Link 3 hosts to host-1',
      state: 'partial',
      progress: { done: 3, total: 3, unit: 'hosts' },
      cancellable: false,
      endedAt: '2025-01-01T10:00:05.000Z',
      hosts: [
        { hostId: 'edge-2', name: 'host-2', state: 'succeeded', message: null, detail: null },
        { hostId: 'edge-3', name: 'host-3', state: 'refused', message: 'host-3 is In-Use.', detail: null },
        { hostId: 'edge-5', name: 'host-5', state: 'succeeded', message: null, detail: null },
      ],
    });
    const { user } = await renderApp({ tasks: [pasted, partial] });
    await user.click(screen.getByRole('button', { name: /^Tasks/ }));
    const failedItem = screen.getByRole('article', { name: 'Task: Link host-4 with a pasted token' });
    expect(within(failedItem).getByText('0 of 1 hosts linked · 1 failed')).toBeInTheDocument();
    expect(within(failedItem).queryByText('1 of 1 hosts linked')).toBeNull();
    // The row's state word is ours, not the core's "Failed" detail repeated in capitals.
    expect(within(failedItem).queryByText(/Failed/)).toBeNull();
    const partialItem = screen.getByRole('article', { name: 'Task: Link 3 hosts to host-1' });
    expect(within(partialItem).getByText('2 of 3 hosts linked · 1 refused')).toBeInTheDocument();
  });

  it('words a spec-only host\'s sync ("Syncing 40%") like any other in a task row', async () => {
    const syncing = task('t6', {
      title: 'Upload b.tar.zst to host-1',
      kind: 'upload',
      hosts: [
        { hostId: 'edge-1', name: 'host-1', state: 'succeeded', message: null, detail: null },
        { hostId: 'edge-2', name: 'host-2', state: 'running', message: null, detail: 'Syncing 40%' },
      ],
    });
    const { user } = await renderApp({ hosts: [host('edge-1'), host('edge-2')], tasks: [syncing] });
    await user.click(screen.getByRole('button', { name: /^Tasks/ }));
    const item = screen.getByRole('article', { name: 'Task: Upload b.tar.zst to host-1' });
    expect(within(item).getByText('syncing 40%')).toBeInTheDocument();
    expect(within(item).queryByText(/Syncing/)).toBeNull();
  });

  it('notifies when a task ends, with the outcome per host', async () => {
    const { fake } = await renderApp({ tasks: [running] });
    fake.emit(
      'tasks.ended',
      task('t1', {
        title: 'Link 2 hosts to host-1',
        state: 'partial',
        endedAt: '2025-01-01T10:01:00.000Z',
        hosts: [
          { hostId: 'edge-2', name: 'host-2', state: 'succeeded', message: null, detail: null },
          { hostId: 'edge-3', name: 'host-3', state: 'failed', message: 'The OTP expired; link again.', detail: null },
        ],
      }),
    );
    expect(await screen.findByText('Link 2 hosts to host-1: partly done')).toBeInTheDocument();
    expect(screen.getByText(/1 of 2 hosts succeeded\.\s+host-3: The OTP expired; link again\./)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Tasks, 0 running' })).toBeInTheDocument());
  });
});
