// Entry point: pick the bridge (Electron preload or the WebSocket to `npm run serve`) and mount the console.
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadApp } from './app/load-app';
import { getConsoleApi, subscribeConnection } from './bridge';

// Electron serves the page with a CSP that allows <style> elements only with this nonce (electron/shell/csp.ts).
// Mantine takes it through getStyleNonce; the scroll lock of its modals (react-remove-scroll) injects its own <style>
// and reads the nonce from the global that webpack would define, so it gets it there.
const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;
if (nonce) (globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = nonce;

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

// The bridge first: it connects while the rest of the console is evaluated.
const api = getConsoleApi();
const App = await loadApp();

// A transition lets React render the shell in slices that yield to the browser, and run the effects after the
// first paint, instead of one long task that blocks input while the page loads.
startTransition(() => {
  createRoot(root).render(
    <StrictMode>
      <App api={api} connection={{ subscribe: subscribeConnection }} styleNonce={nonce} />
    </StrictMode>,
  );
});
