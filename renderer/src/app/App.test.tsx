// @vitest-environment jsdom
import '../../test-kit/setup';
import { act, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../shared/errors';
import { createFakeApi } from '../../test-kit/fake-api';
import { host } from '../../test-kit/fixtures';
import { card, microtask, renderApp } from '../../test-kit/render';
import { App } from './App';
import type { ConnectionStatus } from './connection-store';

describe('console shell', () => {
  it('shows a command error as a notification with the message as given', async () => {
    const { user, fake } = await renderApp({ hosts: [host('edge-1')] });
    fake.respond('link.makeLeader', () => {
      throw new ConsoleError('unsupported', 'host-1 runs agent 4.3, which cannot lead a group. Upgrade it to 4.5 or later.');
    });
    await user.click(within(card('host-1')).getByRole('button', { name: 'Make leader (Generate token): host-1' }));
    expect(await screen.findByText('host-1 runs agent 4.3, which cannot lead a group. Upgrade it to 4.5 or later.')).toBeInTheDocument();
    expect(screen.getByText('Could not make host-1 the leader')).toBeInTheDocument();
  });

  it('shows a banner while the bridge is down, and reloads the site when it is back', async () => {
    const fake = createFakeApi({ hosts: [host('edge-1')] });
    let push: (s: ConnectionStatus) => void = () => {};
    const connection = {
      subscribe(l: (s: ConnectionStatus) => void) {
        push = l;
        l({ state: 'connected', problem: null });
        return () => {};
      },
    };
    render(<App api={fake.api} env="test" schedule={microtask} connection={connection} />);
    // A generous ceiling: the site appears through a transition and the cards over frames (SiteView, HostGrid), and
    // this test mounts the app without renderApp's waits; 1 s was too short on a loaded machine.
    expect(await screen.findByText('host-1', undefined, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.queryByText(/Fieldlink core/)).toBeNull();
    act(() => push({ state: 'connecting', problem: null }));
    // A blip shorter than the grace period shows nothing.
    expect(screen.queryByText(/Fieldlink core/)).toBeNull();
    expect(await screen.findByText('Reconnecting to the Fieldlink core…')).toBeInTheDocument();
    act(() => push({ state: 'connected', problem: null }));
    expect(screen.queryByText(/Fieldlink core/)).toBeNull();
    await act(async () => {});
    expect(fake.callsOf('hosts.list')).toHaveLength(2);
    act(() => push({ state: 'disconnected', problem: 'Open the full address that npm run serve printed.' }));
    expect(screen.getByText('Not connected to the Fieldlink core')).toBeInTheDocument();
    expect(screen.getByText('Open the full address that npm run serve printed.')).toBeInTheDocument();
  });

  it('chooses discovery interfaces, concurrency and theme in Settings', async () => {
    const { user, fake } = await renderApp({ hosts: [host('edge-1')] });
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    await user.click(within(dialog).getByRole('radio', { name: 'Only the interfaces ticked below' }));
    await user.click(await within(dialog).findByRole('checkbox', { name: 'eth0 (10.0.0.5)' }));
    const link = within(dialog).getByRole('textbox', { name: 'Hosts linked at once' });
    await user.clear(link);
    await user.type(link, '8');
    await user.click(within(dialog).getByRole('radio', { name: 'Dark' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(fake.callsOf('settings.set')).toEqual([{ mdnsInterfaces: ['10.0.0.5'], linkConcurrency: 8, uploadConcurrency: 2, probePort: 5080, theme: 'dark' }]);
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark');
  });

  it('follows the theme the core reports, including a change made elsewhere', async () => {
    const { fake } = await renderApp();
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'light');
    act(() => fake.emit('settings.changed', { mdnsInterfaces: 'all', linkConcurrency: 4, uploadConcurrency: 2, probePort: 5080, theme: 'dark' }));
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark');
  });

  it('moves between cards with the arrow keys and shows each card as a focusable group', async () => {
    const { user } = await renderApp({ hosts: [host('edge-1'), host('edge-2')] });
    card('host-1').focus();
    await user.keyboard('{ArrowRight}');
    expect(card('host-2')).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(card('host-1')).toHaveFocus();
  });
});
