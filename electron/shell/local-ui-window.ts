// A host's own Local UI in a separate window, for what the console does not do itself. The page is the host's,
// so it gets nothing of the app: no preload, no Node, its own in-memory session (no cookies shared with anything),
// no permissions, navigation kept to the host's origin, and its self-signed certificate accepted only when it is
// the one the core pinned for that host.
//
// An in-memory partition lives until the app quits, not until its window closes: the host's login cookies would
// outlive the window. So closing the window clears the partition's storage, cache and auth cache. The clear takes a
// moment: the same host opened again at once waits for it, or the clear would wipe the new window's login.
import { app, BrowserWindow, session, type Certificate, type WebContents } from 'electron';
import { createHash } from 'node:crypto';
import { matchesPin } from './certificate-pin';
import { isOnOrigin, type LocalUiTarget } from './navigation';
import { lockDownPermissions } from './permissions';

export interface LocalUiLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/**
 * The certificate decision for one Local UI window: the request must be for that window's host and the certificate
 * must be the pinned one. Exported for tests.
 */
export function acceptsCertificate(target: LocalUiTarget, url: string, certificatePem: string): boolean {
  return isOnOrigin(url, [target.origin]) && matchesPin(certificatePem, target.fingerprint);
}

export interface LocalUiWindows {
  /** Opens (or focuses) the host's Local UI; resolves once its window exists. Never rejects. */
  open(target: LocalUiTarget, hostName: string): Promise<void>;
  closeAll(): void;
}

/** The partition of a host's Local UI: not prefixed with "persist:", so never written to disk. */
function localUiPartition(target: LocalUiTarget): string {
  return `localui-${createHash('sha256').update(`${target.hostId}|${target.origin}`).digest('hex').slice(0, 16)}`;
}

/** The slice of Electron's Session that forgetting a Local UI needs. */
interface ForgettableSession {
  clearStorageData(): Promise<void>;
  clearCache(): Promise<void>;
  clearAuthCache(): Promise<void>;
}

/** Everything the host's page left in its session: cookies, local storage, IndexedDB, service workers, cache. */
async function forgetSession(ses: ForgettableSession): Promise<void> {
  await Promise.all([ses.clearStorageData(), ses.clearCache(), ses.clearAuthCache()]);
}

/** The WebContents id a 'certificate-error' names, or null when it is gone or has none (never throws). */
function contentsIdOf(contents: unknown): number | null {
  try {
    const c = contents as { id?: unknown; isDestroyed?: () => boolean } | null | undefined;
    if (!c || (typeof c.isDestroyed === 'function' && c.isDestroyed())) return null;
    return typeof c.id === 'number' ? c.id : null;
  } catch {
    // Reading a destroyed WebContents throws "Object has been destroyed".
    return null;
  }
}

export function createLocalUiWindows(log: LocalUiLog, icon?: string): LocalUiWindows {
  /** Open windows by WebContents id, which is what 'certificate-error' tells us. */
  const byContents = new Map<number, { target: LocalUiTarget; win: BrowserWindow }>();
  /** The clear running for a partition whose window closed; a new window on that partition waits for it. */
  const clearing = new Map<string, Promise<void>>();
  /** Partitions with a window waiting for such a clear: asking again meanwhile opens no second one. */
  const waiting = new Set<string>();

  // Registered once for the app, but it decides only for Local UI windows; for any other WebContents it leaves
  // Electron's default (refuse) in place.
  app.on('certificate-error', (event, contents: WebContents, url: string, _error: string, certificate: Certificate, callback) => {
    const id = contentsIdOf(contents);
    const entry = id === null ? undefined : byContents.get(id);
    if (!entry || typeof url !== 'string' || typeof certificate?.data !== 'string') return;
    event.preventDefault();
    const ok = acceptsCertificate(entry.target, url, certificate.data);
    if (!ok) log.warn('Refused a Local UI certificate that is not the pinned one.', { hostId: entry.target.hostId, url: url.slice(0, 200) });
    callback(ok);
  });

  const open = async (target: LocalUiTarget, hostName: string): Promise<void> => {
    const existing = [...byContents.values()].find((e) => e.target.hostId === target.hostId && e.target.origin === target.origin);
    if (existing && !existing.win.isDestroyed()) {
      if (existing.win.isMinimized()) existing.win.restore();
      existing.win.focus();
      return;
    }

    const partition = localUiPartition(target);
    const pending = clearing.get(partition);
    if (pending) {
      if (waiting.has(partition)) return;
      waiting.add(partition);
      await pending; // never rejects: its failure is logged where it is made
      waiting.delete(partition);
    }
    const ses = session.fromPartition(partition);
    lockDownPermissions(ses, [], (message) => log.warn(`Local UI: ${message}`));

    const title = `${hostName.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 80)} — Local UI`;
    const win = new BrowserWindow({
      width: 1200,
      height: 820,
      title,
      autoHideMenuBar: true,
      ...(icon ? { icon } : {}),
      webPreferences: {
        partition,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        disableBlinkFeatures: 'Auxclick',
        safeDialogs: true,
        // The dictionary service would see what is typed into the host's pages.
        spellcheck: false,
      },
    });
    const id = win.webContents.id;
    byContents.set(id, { target, win });
    win.on('closed', () => {
      byContents.delete(id);
      const cleared: Promise<void> = forgetSession(ses)
        .catch((err: unknown) =>
          log.warn('Could not clear the session of a closed Local UI window; it is cleared when Fieldlink quits.', {
            hostId: target.hostId,
            error: err instanceof Error ? err.message : String(err),
          }),
        )
        .finally(() => {
          if (clearing.get(partition) === cleared) clearing.delete(partition);
        });
      clearing.set(partition, cleared);
    });
    // The page's own <title> comes from the host: keep ours, which says whose Local UI this is.
    win.on('page-title-updated', (event) => event.preventDefault());

    const contents = win.webContents;
    const stayOnHost = (event: { preventDefault(): void }, url: string) => {
      if (isOnOrigin(url, [target.origin])) return;
      event.preventDefault();
      log.warn('Blocked the Local UI from leaving its host.', { hostId: target.hostId, url: url.slice(0, 200) });
    };
    contents.on('will-navigate', (event, url) => stayOnHost(event, url));
    contents.on('will-redirect', (event, url) => stayOnHost(event, url));
    contents.on('will-frame-navigate', (event) => stayOnHost(event, event.url));
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Same-host links open in this window; the host gets no other windows.
      if (isOnOrigin(url, [target.origin])) {
        contents.loadURL(url).catch((err: unknown) => {
          log.warn('The Local UI did not load.', { hostId: target.hostId, error: err instanceof Error ? err.message : String(err) });
        });
      }
      return { action: 'deny' };
    });

    log.info('Opened a Local UI window.', { hostId: target.hostId });
    win.loadURL(`${target.origin}/`).catch((err: unknown) => {
      log.warn('The Local UI did not load.', { hostId: target.hostId, error: err instanceof Error ? err.message : String(err) });
    });
  };

  return {
    open,
    closeAll() {
      for (const { win } of byContents.values()) if (!win.isDestroyed()) win.close();
    },
  };
}
