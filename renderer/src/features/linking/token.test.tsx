// @vitest-environment jsdom
import '../../../test-kit/setup';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { leader } from '../../../test-kit/fixtures';
import { renderWithProviders } from '../../../test-kit/render';
import { HostCard } from '../dashboard/HostCard';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { useTasksStore } from '../../entities/tasks/tasks-store';
import { CLIPBOARD_CLEAR_MS } from './copy-token';
import { tokenSecondsLeft } from './token-countdown';

const token = { generating: true, remainingSec: 90, intervalSec: 120, readAt: 1_000_000, support: 'ok' as const };

describe('token countdown', () => {
  it('counts down from what the core read, and starts over from the interval once a token expires', () => {
    expect(tokenSecondsLeft(token, 1_000_000)).toBe(90);
    expect(tokenSecondsLeft(token, 1_000_000 + 30_500)).toBe(60);
    expect(tokenSecondsLeft(token, 1_000_000 + 89_900)).toBe(1);
    expect(tokenSecondsLeft(token, 1_000_000 + 95_000)).toBe(115);
    expect(tokenSecondsLeft(token, 1_000_000 + 90_000 + 120_000 + 10_000)).toBe(110);
  });

  it('never shows more than the core read, when the page last ticked a moment before that read', () => {
    const fresh = { ...token, remainingSec: 120 };
    expect(tokenSecondsLeft(fresh, 1_000_000 - 400)).toBe(120);
    expect(tokenSecondsLeft(fresh, 1_000_000 + 400)).toBe(120);
  });

  it('ticks on the card once a second without asking the core again', () => {
    vi.useFakeTimers();
    const now = Date.now();
    useHostsStore.getState().replaceAll([leader('edge-1', now)]);
    const { fake } = renderWithProviders(<HostCard hostId="edge-1" />);
    const timer = screen.getByRole('timer');
    expect(timer).toHaveTextContent('90');
    act(() => {
      vi.advanceTimersByTime(5_000);
    });
    expect(timer).toHaveTextContent('85');
    act(() => {
      vi.advanceTimersByTime(80_000);
    });
    expect(timer).toHaveTextContent('5');
    expect(fake.calls).toHaveLength(0);
  });
});

function fakeClipboard() {
  let text = '';
  const clipboard = {
    writeText: vi.fn(async (t: string) => {
      text = t;
    }),
    readText: vi.fn(async () => text),
  };
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value: clipboard });
  return { clipboard, set: (t: string) => (text = t), get: () => text };
}

describe('copy token', () => {
  it('asks the core for the token, puts it on the clipboard, never in a store or the page, and clears it after a minute', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    useHostsStore.getState().replaceAll([leader('edge-1', Date.now())]);
    const { fake, user } = renderWithProviders(<HostCard hostId="edge-1" />);
    const cb = fakeClipboard();
    await user.click(screen.getByRole('button', { name: 'Copy token of host-1' }));
    await vi.waitFor(() => expect(cb.get()).toBe('TOKEN-SECRET-123'));
    expect(fake.callsOf('link.token')).toEqual([{ hostId: 'edge-1' }]);
    expect(JSON.stringify([useHostsStore.getState(), useTasksStore.getState()])).not.toContain('TOKEN-SECRET-123');
    expect(document.body.innerHTML).not.toContain('TOKEN-SECRET-123');

    await act(() => vi.advanceTimersByTimeAsync(CLIPBOARD_CLEAR_MS - 1_000));
    expect(cb.get()).toBe('TOKEN-SECRET-123');
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(cb.get()).toBe('');
  });

  it('leaves the clipboard alone when the user copied something else since', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    useHostsStore.getState().replaceAll([leader('edge-1', Date.now())]);
    const { user } = renderWithProviders(<HostCard hostId="edge-1" />);
    const cb = fakeClipboard();
    await user.click(within(screen.getByRole('group')).getByRole('button', { name: 'Copy token of host-1' }));
    await vi.waitFor(() => expect(cb.get()).toBe('TOKEN-SECRET-123'));
    cb.set('something the user copied');
    await act(() => vi.advanceTimersByTimeAsync(CLIPBOARD_CLEAR_MS + 1_000));
    expect(cb.get()).toBe('something the user copied');
    expect(cb.clipboard.writeText).toHaveBeenCalledTimes(1);
  });
});
