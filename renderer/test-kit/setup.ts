// Imported first by every renderer test file (they run under jsdom): jest-dom matchers, the browser APIs Mantine
// expects and jsdom lacks, and a clean slate between tests (stores are module singletons).
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, vi } from 'vitest';
import { resetStores } from './reset';

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
