// One shared clock for every countdown on screen. Two hundred cards each with its own setInterval would wake the page
// two hundred times a second; one interval and useSyncExternalStore wake only the components that read it.
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function tick() {
  now = Date.now();
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(tick, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const snapshot = () => now;

/** Epoch ms, refreshed once a second while any component uses it. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
