// Imported first by every renderer test file (they run under jsdom): jest-dom matchers, the browser APIs Mantine
// expects and jsdom lacks, and a clean slate between tests (stores are module singletons).
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, vi } from 'vitest';
import { resetStores } from './reset';

// findBy* and waitFor give up after 1 s by default: on a loaded 2-core machine a render and a role query over a
// whole dashboard took longer (site-badge.test.tsx failed so in CI). They return as soon as the element is there.
configure({ asyncUtilTimeout: 5_000 });

if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!('ResizeObserver' in window)) Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => {};
if (!window.HTMLElement.prototype.hasPointerCapture) window.HTMLElement.prototype.hasPointerCapture = () => false;
Object.defineProperty(window, 'scrollTo', { writable: true, value: () => {} });

afterEach(() => {
  cleanup();
  resetStores();
  vi.useRealTimers();
});

// Once in CI, after every test of plans.test.tsx had passed, Mantine's end-of-transition timer (use-transition.mjs)
// fired after the file's jsdom was torn down and threw "window is not defined", failing the run. A file ends only
// once the longest transition (Mantine's are under 400 ms) is over, so a late timer still finds its window.
afterAll(() => new Promise<void>((resolve) => setTimeout(resolve, 500)));
