// Rules every page in the app lives under, set once at start: no permissions, no webviews, no new windows unless
// a window's own handler says otherwise, and in development the CSP header on the Vite dev server's pages (in
// production the fieldlink:// protocol handler sends it).
import { app, type Session } from 'electron';
import { buildCsp } from './csp';
import { isOnOrigin } from './navigation';
import { lockDownPermissions } from './permissions';

export function hardenApp(log: { warn(message: string, fields?: Record<string, unknown>): void }): void {
  app.on('web-contents-created', (_event, contents) => {
    // Defaults for every WebContents ever made; the console and Local UI windows then install their own handlers.
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      log.warn('Blocked a new window.', { url: url.slice(0, 200) });
      return { action: 'deny' };
    });
  });
}

export function hardenConsoleSession(
  ses: Session,
  appOrigins: readonly string[],
  devServerOrigin: string | null,
  log: { warn(message: string, fields?: Record<string, unknown>): void },
): void {
  lockDownPermissions(ses, appOrigins, (message) => log.warn(message));
  if (devServerOrigin) {
    const csp = buildCsp({ devServerOrigin });
    ses.webRequest.onHeadersReceived({ urls: [`${devServerOrigin}/*`] }, (details, callback) => {
      const headers = { ...details.responseHeaders };
      if (details.resourceType === 'mainFrame' && isOnOrigin(details.url, [devServerOrigin])) headers['Content-Security-Policy'] = [csp];
      callback({ responseHeaders: headers });
    });
  }
}
