// Without a boundary, React unmounts the whole window when one component throws while drawing: the technician is left
// with a blank page and no word on what happened, although the core (hosts, tasks, uploads) runs on. Each part of the
// window gets a boundary of its own, so a fault in a dialog leaves the site on screen.
import { Alert, Button, Group, Text, type AlertProps } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Component, type ReactNode } from 'react';

interface Props {
  /** What failed to draw, in the technician's words ("the site", "this dialog"). */
  area: string;
  /**
   * For parts drawn over the page (dialogs, drawers): the message floats at the bottom of the window instead of
   * taking their place in the page, where it would sit out of sight below the site.
   */
  floating?: boolean;
  /** Before drawing again: put back what made the part show (close the dialog that failed), or it fails again. */
  onReset?: () => void;
  children: ReactNode;
}

// At the bottom of the window, above Mantine's dialogs and drawers (z-index 200) and menus (300), below its
// notifications (400).
const FLOATING = { pos: 'fixed', bottom: 0, left: 0, maw: 560, style: { zIndex: 350 } } satisfies AlertProps;

interface State {
  error: Error | null;
}

// A class: React offers error boundaries only as class components.
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  // No componentDidCatch: React logs a caught error on the console itself (where the tests see it).

  private readonly retry = () => {
    this.props.onReset?.();
    this.setState({ error: null });
  };

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Alert
        color="red"
        icon={<IconAlertTriangle size={18} />}
        title={`Fieldlink could not draw ${this.props.area}`}
        role="alert"
        m="md"
        {...(this.props.floating ? FLOATING : {})}
      >
        <Text size="sm">
          Your hosts, tasks and uploads are not affected: they carry on behind this message. Try again; if this comes back, reload the window.
        </Text>
        <Text size="xs" c="dimmed" mt="xs">
          Details: {error.message}
        </Text>
        <Group mt="sm">
          <Button size="xs" onClick={this.retry}>
            Try again
          </Button>
          <Button size="xs" variant="default" onClick={() => window.location.reload()}>
            Reload the window
          </Button>
        </Group>
      </Alert>
    );
  }
}
