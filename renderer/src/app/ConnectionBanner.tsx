import { Alert } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useConnectionStore } from './connection-store';

/** A link that drops for less than this does not deserve a banner (the page would flash on every blip). */
const GRACE_MS = 800;

/** Overlays the top of the window (it never pushes the cards down) while the bridge to the core is not up. */
export function ConnectionBanner() {
  const { state, problem } = useConnectionStore((s) => s.status);
  const everConnected = useConnectionStore((s) => s.everConnected);
  const down = state !== 'connected';
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!down) {
      setShown(false);
      return;
    }
    if (problem) {
      setShown(true);
      return;
    }
    const timer = setTimeout(() => setShown(true), GRACE_MS);
    return () => clearTimeout(timer);
  }, [down, problem]);
  if (!down || !shown) return null;
  const title = problem
    ? 'Not connected to the Fieldlink core'
    : state === 'connecting'
      ? everConnected
        ? 'Reconnecting to the Fieldlink core…'
        : 'Connecting to the Fieldlink core…'
      : 'Disconnected from the Fieldlink core';
  return (
    <Alert
      className="fl-banner"
      color={problem ? 'red' : 'yellow'}
      variant="filled"
      radius={0}
      icon={<IconPlugConnectedX size={18} />}
      title={title}
      role="alert"
    >
      {problem ?? 'What you see may be out of date. Fieldlink reconnects by itself and reloads the site when it is back.'}
    </Alert>
  );
}
