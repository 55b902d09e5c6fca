import { Alert } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useConnectionStore } from './connection-store';

/** Overlays the top of the window (it never pushes the cards down) while the bridge to the core is not up. */
export function ConnectionBanner() {
  const { state, problem } = useConnectionStore((s) => s.status);
  if (state === 'connected') return null;
  const title = problem ? 'Not connected to the Fieldlink core' : state === 'connecting' ? 'Reconnecting to the Fieldlink core…' : 'Disconnected from the Fieldlink core';
  return (
    <Alert className="fl-banner" color={problem ? 'red' : 'yellow'} variant="filled" radius={0} icon={<IconPlugConnectedX size={18} />} title={title} role="alert">
      {problem ?? 'What you see may be out of date. Fieldlink reconnects by itself and reloads the site when it is back.'}
    </Alert>
  );
}
