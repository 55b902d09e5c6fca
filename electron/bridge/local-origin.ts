// DNS-rebinding defence. A hostile page can make a browser resolve its own domain to 127.0.0.1; the browser then
// sends that domain in Host and Origin. Accepting only 127.0.0.1/localhost on our own port shuts that door, whatever
// the secret check does.

const localNames = ['127.0.0.1', 'localhost'];

/** True when a Host header names this server on loopback: `127.0.0.1:PORT` or `localhost:PORT`. */
export function isLocalHostHeader(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return localNames.some((name) => host.toLowerCase() === `${name}:${port}`);
}

/** The page origins allowed to open the bridge: this server's own, plus any the caller adds (a dev server). */
export function localOrigins(port: number, extra: readonly string[] = []): string[] {
  return [...localNames.map((name) => `http://${name}:${port}`), ...extra];
}

/**
 * Browsers always send Origin on a WebSocket upgrade, so a missing one means a non-browser client (a script, a test)
 * that must still know the secret; a present one must be ours.
 */
export function isAllowedOrigin(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  return allowed.includes(origin.toLowerCase());
}
