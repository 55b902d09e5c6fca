// Where each window may go. The console window stays on the app's own pages; the only other window the app opens is
// a host's Local UI, and only for a host the core knows with a pinned certificate. Everything else is refused.

/**
 * `scheme://host[:port]` of a URL, compared case-insensitively. Computed by hand because WHATWG `URL.origin` is
 * `"null"` for non-special schemes such as `fieldlink:`.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!parsed.host) return null;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

/** True when `url` is on one of `origins` (each `scheme://host[:port]`). */
export function isOnOrigin(url: string, origins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && origins.some((allowed) => allowed.toLowerCase() === origin);
}

export interface LocalUiTarget {
  hostId: string;
  /** `https://address:port` of the host. */
  origin: string;
  fingerprint: string;
}

/** What to do with a `window.open` or a `target=_blank` link from the console window. */
export type WindowOpenDecision = { action: 'deny'; reason: string } | { action: 'local-ui'; target: LocalUiTarget };

interface HostLike {
  id: string;
  url: string;
  fingerprint: string | null;
}

/**
 * A link to a host's own address opens its Local UI in a locked-down window, if the core has pinned that host's
 * certificate (without a pin there is nothing to check the certificate against). Everything else is denied: the
 * console opens no other windows and hands no URL to the system browser.
 */
export function decideWindowOpen(url: string, hosts: readonly HostLike[]): WindowOpenDecision {
  const origin = originOf(url);
  if (!origin || !origin.startsWith('https://')) return { action: 'deny', reason: 'not an https link' };
  const host = hosts.find((h) => originOf(h.url) === origin);
  if (!host) return { action: 'deny', reason: 'not a known host' };
  if (!host.fingerprint) return { action: 'deny', reason: 'the host certificate is not pinned yet' };
  return { action: 'local-ui', target: { hostId: host.id, origin, fingerprint: host.fingerprint } };
}
