// For a modal or drawer that is closed when the console opens: it renders nothing until first opened. A mounted closed
// Mantine Modal still mounts its portal and transition, whose effects each ask for one more synchronous render right
// after the first commit; that was part of the first render's cost.
import { useEffect, useState } from 'react';

interface OpenedOnce {
  /** Render the modal at all. */
  mounted: boolean;
  /** Its `opened`. */
  opened: boolean;
}

/**
 * On the first open the modal mounts closed and opens on the next render, as it did when it was always mounted: it
 * fades in (a menu that opened it fades out meanwhile) and its focus handling runs as usual. Once opened it stays
 * mounted, so closing it still runs its transition and hands focus back.
 */
export function useOpenedOnce(opened: boolean): OpenedOnce {
  const [mounted, setMounted] = useState(false);
  useEffect(() => {
    if (opened && !mounted) setMounted(true);
  }, [opened, mounted]);
  return { mounted: mounted || opened, opened: opened && mounted };
}
