// Entry point: pick the bridge (Electron preload or the WebSocket to `npm run serve`) and mount the console.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { getConsoleApi, subscribeConnection } from './bridge';

const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce || undefined;
const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

createRoot(root).render(
  <StrictMode>
    <App api={getConsoleApi()} connection={{ subscribe: subscribeConnection }} styleNonce={nonce} />
  </StrictMode>,
);
