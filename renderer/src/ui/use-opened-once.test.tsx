// @vitest-environment jsdom
import '../../test-kit/setup';
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useOpenedOnce } from './use-opened-once';

const seen: string[] = [];

function Probe({ opened }: { opened: boolean }) {
  const modal = useOpenedOnce(opened);
  seen.push(modal.mounted ? (modal.opened ? 'open' : 'closed') : 'none');
  return <span data-testid="state">{modal.mounted ? (modal.opened ? 'open' : 'closed') : 'none'}</span>;
}

describe('a modal mounted once first opened', () => {
  it('renders nothing while never opened, mounts closed then opens, and stays mounted once closed', () => {
    const { rerender } = render(<Probe opened={false} />);
    expect(screen.getByTestId('state')).toHaveTextContent('none');
    seen.length = 0;
    act(() => rerender(<Probe opened />));
    // Closed first, so that the modal's opening transition and focus handling run as when it was always mounted.
    expect(seen[0]).toBe('closed');
    expect(screen.getByTestId('state')).toHaveTextContent('open');
    act(() => rerender(<Probe opened={false} />));
    expect(screen.getByTestId('state')).toHaveTextContent('closed');
  });
});
