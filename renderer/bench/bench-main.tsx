// The benchmark page: the real App on an in-page 200-host site. It reports through window.__bench, which
// run.ts reads with Playwright.
import { createRoot } from 'react-dom/client';
import { App } from '../src/app/App';
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

// First render: from navigation start until every card is in the page and painted once.
const watch = () => {
  if (document.querySelectorAll('[data-host-card]').length >= count) {
    requestAnimationFrame(() => {
      state.firstRenderMs = performance.now();
    });
    return;
  }
  requestAnimationFrame(watch);
};
requestAnimationFrame(watch);

createRoot(document.getElementById('root')!).render(<App api={site.api} />);
