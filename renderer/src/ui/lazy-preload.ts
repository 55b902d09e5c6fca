// Code split out of the first bundle (dialogs, the command palette, the topology graph) that renders synchronously
// once its chunk has arrived. The app asks for every chunk when idle after the first screen (preloadWhenIdle), so a
// dialog opened a moment later shows at once; the tests await preloadAll before they start, and see no Suspense at all.
import { createElement, lazy, useSyncExternalStore, type ComponentType, type ReactNode } from 'react';
import { whenFirstScreenIdle } from './first-screen';

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

let allLoaded = false;
const loadedListeners = new Set<() => void>();

/** Fetches every split chunk; resolves when all arrived. */
export function preloadAll(): Promise<unknown> {
  return Promise.all(loaders.map((l) => l())).then((modules) => {
    allLoaded = true;
    loadedListeners.forEach((notify) => notify());
    return modules;
  });
}

const subscribeLoaded = (notify: () => void) => {
  loadedListeners.add(notify);
  return () => void loadedListeners.delete(notify);
};

/**
 * Mounts split-out parts that show nothing until asked (the palette, the plans drawer, the upload dialog) only once
 * every split chunk has arrived, or at once when `now` says they are wanted: mounting them with the first render
 * fetched and evaluated their chunks while the hosts were being drawn, which delayed the first render.
 */
export function Deferred({ now = false, children }: { now?: boolean; children: ReactNode }): ReactNode {
  const loaded = useSyncExternalStore(subscribeLoaded, () => allLoaded);
  return loaded || now ? children : null;
}

/**
 * Fetches the split chunks once the first screen is drawn and the browser is idle: evaluating them (the topology
 * graph is the largest) while the page loads would lengthen its long tasks and the first render. Returns the cancel
 * for an effect's cleanup.
 */
export function preloadWhenIdle(): () => void {
  // A chunk that fails to arrive is reported when the dialog that needs it renders (React.lazy throws there).
  return whenFirstScreenIdle(() => void preloadAll().catch(() => undefined));
}
