// The console arrives in steps, each evaluated in a task of its own: React (static, with the entry), the libraries
// Mantine builds on, Mantine, then the app itself. One graph of static imports was evaluated in a single task of 50–70 ms on a cold
// start, which blocked input while the page loaded. The chunks are all fetched at once from the start (the
// modulepreload links the build adds for these imports, see vite.renderer.config.ts); only their evaluation is spread.
import type { App as AppComponent } from './App';

type Yielding = typeof globalThis & { scheduler?: { yield?: () => Promise<void> } };

/**
 * Lets the browser run other tasks (input, rendering) before going on. A dynamic import of a module that is already
 * fetched evaluates in the same task as its caller, so without this the steps would still be one long task.
 */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as Yielding).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export async function loadApp(): Promise<typeof AppComponent> {
  await nextTask();
  await import('./libs-stage');
  await nextTask();
  // theme.ts is the smallest module that pulls in Mantine (the build puts Mantine in a chunk of its own).
  await import('./theme');
  await nextTask();
  const { App } = await import('./App');
  return App;
}
