// @vitest-environment jsdom
import '../../test-kit/setup';
import { MantineProvider } from '@mantine/core';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ComponentProps } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { HostView } from '../../../shared/contract';
import { host } from '../../test-kit/fixtures';
import { renderApp } from '../../test-kit/render';
import { ErrorBoundary } from './ErrorBoundary';

let consoleError: MockInstance;
beforeEach(() => {
  // React reports the caught fault on the console; here it is expected.
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => consoleError.mockRestore());

/** A boundary around a part that throws `message` while `broken()` says so, and shows `drawn` once it does not. */
function renderBoundary(props: Omit<ComponentProps<typeof ErrorBoundary>, 'children'>, broken: () => boolean, message: string, drawn: string): void {
  function Part() {
    if (broken()) throw new Error(message);
    return <p>{drawn}</p>;
  }
  render(
    <MantineProvider env="test">
      <ErrorBoundary {...props}>
        <Part />
      </ErrorBoundary>
    </MantineProvider>,
  );
}

describe('ErrorBoundary', () => {
  it('says what could not be drawn and why, and draws it again on Try again', async () => {
    let broken = true;
    renderBoundary({ area: 'the site' }, () => broken, 'peers is not iterable', 'drawn');
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Fieldlink could not draw the site');
    expect(alert).toHaveTextContent('Details: peers is not iterable');
    expect(alert).toHaveTextContent('Your hosts, tasks and uploads are not affected');
    expect(screen.getByRole('button', { name: 'Reload the window' })).toBeInTheDocument();
    // React reports the caught error on the console, where logs and the browser tests see it.
    expect(consoleError).toHaveBeenCalled();

    broken = false;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('drawn')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('keeps the rest of the window when the site cannot be drawn (a host view the renderer cannot read)', async () => {
    const { fake } = await renderApp();
    // A core of another version could send a view this renderer does not expect.
    const unreadable = { ...host('edge-1'), role: 'leader', peers: null } as unknown as HostView;
    act(() => fake.emit('hosts.changed', { upserted: [unreadable], removed: [] }));
    expect(await screen.findByText('Fieldlink could not draw the site')).toBeInTheDocument();
    // The header (site credentials, discovery, settings) is still there to use.
    expect(screen.getByRole('button', { name: 'Settings' })).toBeInTheDocument();
  });

  it('puts back what made the part show before drawing it again (a dialog that failed is closed, not redrawn to fail)', async () => {
    let dialogOpen = true;
    renderBoundary({ area: 'this dialog', floating: true, onReset: () => (dialogOpen = false) }, () => dialogOpen, 'host edge-1 is gone', 'no dialog');
    expect(screen.getByRole('alert')).toHaveTextContent('Fieldlink could not draw this dialog');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('no dialog')).toBeInTheDocument();
  });
});
