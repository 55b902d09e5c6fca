// Work that can wait until the console's first screen is drawn: the split chunks, a theme change that shows nothing.
// Until the site view says its first screen is complete, the browser looks idle between the frames that mount the
// cards, and an idle callback there ran in the middle of the first render.

let drawn = false;
const waiting = new Set<() => void>();

/** Said by the view that draws the site once its first screen is complete (HostGrid, the host list). */
export function markFirstScreen(): void {
  if (drawn) return;
  drawn = true;
  waiting.forEach((go) => go());
  waiting.clear();
}

/** Longest wait for markFirstScreen (an empty site, the topology view, a host list that never arrives). */
const FIRST_SCREEN_CEILING_MS = 3000;

/** Runs `work` once the first screen is drawn and the browser is idle. Returns the cancel, for an effect's cleanup. */
export function whenFirstScreenIdle(work: () => void): () => void {
  if (typeof requestIdleCallback !== 'function') {
    // jsdom and old engines: no idle time to wait for.
    const id = setTimeout(work, 0);
    return () => clearTimeout(id);
  }
  let idle = 0;
  let ceiling: ReturnType<typeof setTimeout> | undefined;
  const go = () => {
    clearTimeout(ceiling);
    waiting.delete(go);
    if (!idle) idle = requestIdleCallback(work, { timeout: 2000 });
  };
  if (drawn) go();
  else {
    waiting.add(go);
    ceiling = setTimeout(go, FIRST_SCREEN_CEILING_MS);
  }
  return () => {
    waiting.delete(go);
    clearTimeout(ceiling);
    if (idle) cancelIdleCallback(idle);
  };
}
