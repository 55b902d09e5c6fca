// The Content-Security-Policy of the console window. One builder for both modes so the difference between them is
// visible in one place: production allows only the app's own files; development also allows the Vite dev server,
// whose React refresh preamble is an inline script and whose hot reload needs a WebSocket.

export interface CspOptions {
  /** Origin of the Vite dev server (`http://localhost:5173`) in development; absent in production. */
  devServerOrigin?: string | null;
  /**
   * Per-response nonce for the `<style>` elements Mantine injects at run time (its CSS variables). Without it those
   * would need `'unsafe-inline'` for styles.
   */
  styleNonce?: string | null;
}

const NONCE = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;

export function buildCsp(options: CspOptions = {}): string {
  const dev = options.devServerOrigin ? devOrigin(options.devServerOrigin) : null;
  const nonce = options.styleNonce ?? null;
  if (nonce !== null && !NONCE.test(nonce)) throw new Error('A CSP nonce must be at least 16 base64 characters.');

  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': dev ? ["'self'", "'unsafe-inline'", dev.http] : ["'self'"],
    'style-src': dev ? ["'self'", "'unsafe-inline'", dev.http] : ["'self'", ...(nonce ? [`'nonce-${nonce}'`] : [])],
    'img-src': ["'self'", 'data:', 'blob:', ...(dev ? [dev.http] : [])],
    'font-src': ["'self'", 'data:', ...(dev ? [dev.http] : [])],
    // The UI talks to the core only through the preload; in development Vite's hot reload needs its socket.
    'connect-src': dev ? ["'self'", dev.http, dev.ws] : ["'self'"],
    'worker-src': ["'none'"],
    'frame-src': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

function devOrigin(raw: string): { http: string; ws: string } {
  const url = new URL(raw);
  if (url.protocol !== 'http:' || !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    // A dev server elsewhere would make the dev CSP trust a remote origin with inline scripts.
    throw new Error(`The dev server must be on this computer over http, not ${url.origin}.`);
  }
  return { http: url.origin, ws: `ws://${url.host}` };
}

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(random: (size: number) => Uint8Array): string {
  return Buffer.from(random(16)).toString('base64');
}
