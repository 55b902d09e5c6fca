// Code split out of the first bundle (dialogs, the command palette, the topology graph) that renders synchronously
// once its chunk has arrived. The app asks for every chunk right after the first render (preloadAll), so a dialog
// opened a moment later shows at once; the tests await preloadAll before they start, and see no Suspense at all.
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
