// Coalesces bursts of events into one store update per animation frame. Host status events can arrive hundreds of
// times a second on a big site; applying each one separately would re-render (and lay out) far more often than the
// screen can show.

export type Schedule = (flush: () => void) => () => void;

/**
 * Next animation frame, or 50 ms, whichever comes first: rAF alone never fires while the window is hidden or
 * minimised, and the stores must still catch up so notifications and the task badge stay right.
 */
export const nextFrame: Schedule = (flush) => {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    if (raf !== undefined) cancelAnimationFrame(raf);
    clearTimeout(timer);
    flush();
  };
  const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(once) : undefined;
  const timer = setTimeout(once, 50);
  return () => {
    done = true;
    if (raf !== undefined) cancelAnimationFrame(raf);
    clearTimeout(timer);
  };
};

export interface FrameBatch<T> {
  push(item: T): void;
  /** Hold flushing (while the initial lists load) so an older list cannot overwrite newer events. */
  pause(): void;
  resume(): void;
  flushNow(): void;
  dispose(): void;
}

/** Collects items and hands them to `flush` together, at most once per scheduled tick. */
export function createFrameBatch<T>(flush: (items: T[]) => void, schedule: Schedule = nextFrame): FrameBatch<T> {
  let items: T[] = [];
  let cancel: (() => void) | null = null;
  let paused = false;

  const run = () => {
    cancel = null;
    if (paused || items.length === 0) return;
    const batch = items;
    items = [];
    flush(batch);
  };
  const arm = () => {
    if (!cancel && !paused && items.length > 0) cancel = schedule(run);
  };

  return {
    push(item) {
      items.push(item);
      arm();
    },
    pause() {
      paused = true;
      cancel?.();
      cancel = null;
    },
    resume() {
      paused = false;
      arm();
    },
    flushNow() {
      cancel?.();
      cancel = null;
      const wasPaused = paused;
      paused = false;
      run();
      paused = wasPaused;
    },
    dispose() {
      cancel?.();
      cancel = null;
      items = [];
    },
  };
}
