import { Alert } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useConnectionStore, type ConnectionStatus } from './connection-store';

/** A link that drops for less than this does not deserve a banner (the page would flash on every blip). */
const GRACE_MS = 800;

/** Overlays the top of the window (it never pushes the cards down) while the bridge to the core is not up. */
export function ConnectionBanner() {
  const { state, problem } = useConnectionStore((s) => s.status);
  const everConnected = useConnectionStore((s) => s.everConnected);
  // Mounted only while the link is down, so every outage starts with the banner hidden.
  if (state === 'connected') return null;
  return <OutageBanner state={state} problem={problem} everConnected={everConnected} />;
}

function OutageBanner({ state, problem, everConnected }: ConnectionStatus & { everConnected: boolean }) {
  const [graceOver, setGraceOver] = useState(false);
  const [sawProblem, setSawProblem] = useState(false);
  // A problem shows at once and keeps the banner up for the rest of the outage, even if the problem clears.
  if (problem && !sawProblem) setSawProblem(true);
  useEffect(() => {
    const timer = setTimeout(() => setGraceOver(true), GRACE_MS);
    return () => clearTimeout(timer);
  }, []);
  if (!problem && !sawProblem && !graceOver) return null;
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
