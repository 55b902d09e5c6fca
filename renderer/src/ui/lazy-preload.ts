// Code split out of the first bundle (dialogs, the command palette, the topology graph) that renders synchronously
// once its chunk has arrived. The app asks for every chunk when idle after the first paint (preloadWhenIdle), so a
// dialog opened a moment later shows at once; the tests await preloadAll before they start, and see no Suspense at all.
import { createElement, lazy, type ComponentType } from 'react';

/** Resolves to the component itself (a named export), not a module. */
type Loader<P> = () => Promise<ComponentType<P>>;

const loaders: (() => Promise<unknown>)[] = [];

export function lazyPreload<P extends object>(load: Loader<P>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<{ default: ComponentType<P> }> | null = null;
  const fetch = () =>
    (pending ??= load().then((component) => {
      loaded = component;
      return { default: component };
    }));
  const Lazy = lazy(fetch);
  loaders.push(fetch);
  const Component = (props: P) => createElement((loaded ?? Lazy) as ComponentType<P>, props);
  return Component;
}

/** Fetches every split chunk; resolves when all arrived. */
export function preloadAll(): Promise<unknown> {
  return Promise.all(loaders.map((l) => l()));
}

/**
 * Fetches the split chunks once the browser is idle after the first paint: evaluating them (the topology graph is
 * the largest) while the page loads would lengthen its long tasks. Returns the cancel for an effect's cleanup.
 */
export function preloadWhenIdle(): () => void {
  // A chunk that fails to arrive is reported when the dialog that needs it renders (React.lazy throws there).
  const start = () => void preloadAll().catch(() => undefined);
  if (typeof requestIdleCallback !== 'function') {
    start();
    return () => {};
  }
  const id = requestIdleCallback(start, { timeout: 2000 });
  return () => cancelIdleCallback(id);
}
