// Where the page finds the bridge's secret: `serve` prints http://127.0.0.1:P/#secret=..., and a fragment never
// leaves the browser. It is removed from the address bar at once (screenshots, shoulder surfing, history) and kept
// in sessionStorage, which is per tab and dies with it, so that a reload of the tab still connects.

const STORAGE_KEY = 'fieldlink.bridge-secret';

export interface LocationLike {
  hash: string;
  pathname: string;
  search: string;
}

export interface SecretWindow {
  location: LocationLike;
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/** Reads `secret` from the fragment (removing it) or from this tab's earlier visit; null when neither has one. */
export function takeSecret(win: SecretWindow): string | null {
  const params = new URLSearchParams(win.location.hash.replace(/^#/, ''));
  const fromHash = params.get('secret');
  if (fromHash) {
    params.delete('secret');
    const rest = params.toString();
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}${rest ? `#${rest}` : ''}`);
    try {
      win.sessionStorage?.setItem(STORAGE_KEY, fromHash);
    } catch {
      // Storage can be disabled; the page then works until it is reloaded.
    }
    return fromHash;
  }
  try {
    return win.sessionStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}
