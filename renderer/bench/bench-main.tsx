// The benchmark page: the real App on an in-page 200-host site. It reports through window.__bench, which
// run.ts reads with Playwright.
import { startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { loadApp } from '../src/app/load-app';
import { createFakeSite } from './fake-site';

interface BenchState {
  firstRenderMs: number | null;
  scriptStartMs: number;
  start(): void;
  stop(): number;
}

declare global {
  interface Window {
    __bench: BenchState;
  }
}

const params = new URLSearchParams(location.search);
const count = Number(params.get('hosts') ?? 200);
const site = createFakeSite(count);
const state: BenchState = {
  firstRenderMs: null,
  scriptStartMs: performance.now(),
  start: () => site.start(),
  stop: () => {
    site.stop();
    return site.updatesSent();
  },
};
window.__bench = state;

// First render: from navigation start until the site view shows all the hosts (summary count) with the cards in
// view mounted, and that frame is painted. The grid mounts only the rows near the viewport (see HostGrid).
const watch = () => {
  const summary = document.querySelector(`[aria-label="Site hosts: ${count}"]`);
  if (summary && document.querySelector('[data-host-card]') && !document.querySelector('[data-card-placeholder]')) {
    requestAnimationFrame(() => {
      state.firstRenderMs = performance.now();
    });
    return;
  }
  requestAnimationFrame(watch);
};
requestAnimationFrame(watch);

// Loaded and mounted as main.tsx does it (the parts evaluated one task each, then a transition: the shell renders in
// slices).
const App = await loadApp();
startTransition(() => {
  createRoot(document.getElementById('root')!).render(<App api={site.api} />);
});
