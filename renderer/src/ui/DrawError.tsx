// Without a boundary, React unmounts the whole window when one component throws while drawing: the technician is left
// with a blank page and no word on what happened, although the core (hosts, tasks, uploads) runs on. Each part of the
// window gets a boundary of its own, so a fault in a dialog leaves the site on screen.
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What failed to draw, in the technician's words ("the site", "this dialog"). */
  area: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

// A class: React offers error boundaries only as class components.
export class DrawError extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // Kept for the logs (and the tests, which fail on any page error): the screen shows the short form.
    console.error(`Fieldlink could not draw ${this.props.area}`, error, info.componentStack);
  }

  private readonly retry = () => this.setState({ error: null });

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} />} title={`Fieldlink could not draw ${this.props.area}`} role="alert" m="md">
        <Text size="sm">{error.message}</Text>
        <Text size="sm" mt="xs">
          Your hosts, tasks and uploads are not affected: they carry on behind this message. Try again; if this comes back, reload the window.
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
