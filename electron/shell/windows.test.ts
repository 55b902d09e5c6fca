// The console and Local UI windows against a fake Electron: the web preferences they are made with, and that their
// navigation, window-open and certificate handlers are wired to the policies tested elsewhere.
import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Listener } from '../test-kit/shell/fake-windows';

const fake = await vi.hoisted(async () => {
  const { FakeContents, fakeBrowserWindow } = await import('../test-kit/shell/fake-windows');
  const FakeWindow = fakeBrowserWindow(FakeContents);
  const appListeners = new Map<string, Listener[]>();
  const sessions: Array<{ partition: string; request?: Listener; check?: Listener; device?: Listener; cleared: string[] }> = [];
  /** While set, clearing storage waits for it, as a real clear takes a moment. */
  const clearGate: { wait: Promise<void> | null } = { wait: null };
  return { FakeWindow, appListeners, sessions, clearGate };
});

vi.mock('electron', () => ({
  BrowserWindow: fake.FakeWindow,
  app: {
    on: (event: string, listener: (...args: any[]) => unknown) => void fake.appListeners.set(event, [...(fake.appListeners.get(event) ?? []), listener]),
  },
  screen: {
    getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
    getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
  },
  session: {
    fromPartition: (partition: string) => {
      const s: (typeof fake.sessions)[number] = { partition, cleared: [] };
      fake.sessions.push(s);
      return {
        clearStorageData: async () => {
          await fake.clearGate.wait;
          s.cleared.push('storage');
        },
        clearCache: async () => void s.cleared.push('cache'),
        clearAuthCache: async () => void s.cleared.push('auth'),
        setPermissionRequestHandler: (h: never) => void (s.request = h),
        setPermissionCheckHandler: (h: never) => void (s.check = h),
        setDevicePermissionHandler: (h: never) => void (s.device = h),
      };
    },
  },
}));

const { createMainWindow } = await import('./main-window');
const { createLocalUiWindows } = await import('./local-ui-window');

const navigationEvent = () => ({ preventDefault: vi.fn() });
const log = { info: vi.fn(), warn: vi.fn() };

beforeEach(() => {
  fake.FakeWindow.made.length = 0;
  log.warn.mockClear();
});

const lockedDown = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
};

describe('the console window', () => {
  async function open() {
    const opened: string[] = [];
    const win = (await createMainWindow({
      preload: '/app/.vite/build/preload.cjs',
      appOrigins: ['fieldlink://app'],
      stateFile: '/nonexistent/window-state.json',
      onOpenRequest: (url) => opened.push(url),
      log,
    })) as unknown as InstanceType<typeof fake.FakeWindow>;
    return { win, opened };
  }

  it('is made sandboxed, isolated, without Node, with the preload', async () => {
    const { win } = await open();
    expect(win.options.webPreferences).toMatchObject({ ...lockedDown, preload: '/app/.vite/build/preload.cjs' });
    expect(win.options.show).toBe(false);
  });

  it('stays on the app: foreign navigations and redirects are stopped and logged', async () => {
    const { win } = await open();
    const contents = win.webContents;
    const inside = navigationEvent();
    contents.emit('will-navigate', inside, 'fieldlink://app/index.html#/tasks');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    for (const [event, url] of [
      ['will-navigate', 'https://evil.example/'],
      ['will-redirect', 'file:///etc/passwd'],
    ] as const) {
      const e = navigationEvent();
      contents.emit(event, e, url);
      expect(e.preventDefault).toHaveBeenCalled();
    }
    const frame = { ...navigationEvent(), url: 'https://evil.example/frame' };
    contents.emit('will-frame-navigate', frame);
    expect(frame.preventDefault).toHaveBeenCalled();
    const webview = navigationEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledTimes(3);
  });

  it('never lets the page open a window itself, and hands the request to the shell', async () => {
    const { win, opened } = await open();
    expect(win.webContents.openHandler!({ url: 'https://10.0.0.5:5080/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://10.0.0.5:5080/']);
  });
});

describe('a Local UI window', () => {
  let pem: string;
  let otherPem: string;
  const target = () => ({ hostId: 'edge-1', origin: 'https://10.0.0.5:5080', fingerprint: new X509Certificate(pem).fingerprint256 });

  beforeEach(async () => {
    if (!pem) {
      const make = async () => (await generate([{ name: 'commonName', value: 'edge' }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' })).cert;
      [pem, otherPem] = await Promise.all([make(), make()]);
    }
  });

  function certificateError(contentsId: number, url: string, data: string) {
    const event = navigationEvent();
    const callback = vi.fn();
    for (const listener of fake.appListeners.get('certificate-error') ?? [])
      listener(event, { id: contentsId }, url, 'net::ERR_CERT_AUTHORITY_INVALID', { data }, callback);
    return { event, callback };
  }

  it('has no preload, no Node, a sandbox and its own in-memory session with every permission refused', async () => {
    await createLocalUiWindows(log).open(target(), 'alpha');
    const win = fake.FakeWindow.made.at(-1)!;
    expect(win.options.webPreferences.preload).toBeUndefined();
    expect(win.options.webPreferences).toMatchObject(lockedDown);
    expect(win.options.webPreferences.partition).toMatch(/^localui-[0-9a-f]{16}$/);
    const session = fake.sessions.find((s) => s.partition === win.options.webPreferences.partition)!;
    const granted: boolean[] = [];
    session.request!(null, 'media', (g: boolean) => granted.push(g), { requestingUrl: 'https://10.0.0.5:5080/' });
    expect(granted).toEqual([false]);
    expect(win.webContents.loaded).toEqual(['https://10.0.0.5:5080/']);
  });

  it('accepts only the pinned certificate, only for its host, only in that window', async () => {
    await createLocalUiWindows(log).open(target(), 'alpha');
    const win = fake.FakeWindow.made.at(-1)!;
    const id = win.webContents.id;

    const good = certificateError(id, 'https://10.0.0.5:5080/ui', pem);
    expect(good.event.preventDefault).toHaveBeenCalled();
    expect(good.callback).toHaveBeenCalledWith(true);

    expect(certificateError(id, 'https://10.0.0.5:5080/ui', otherPem).callback).toHaveBeenCalledWith(false);
    expect(certificateError(id, 'https://10.0.0.9:5080/', pem).callback).toHaveBeenCalledWith(false);

    // Any other WebContents (the console itself) keeps Electron's default: refused.
    const foreign = certificateError(9999, 'https://10.0.0.5:5080/', pem);
    expect(foreign.event.preventDefault).not.toHaveBeenCalled();
    expect(foreign.callback).not.toHaveBeenCalled();
  });

  it("keeps to its host's origin and opens no windows", async () => {
    await createLocalUiWindows(log).open(target(), 'alpha');
    const contents = fake.FakeWindow.made.at(-1)!.webContents;
    const same = navigationEvent();
    contents.emit('will-navigate', same, 'https://10.0.0.5:5080/ui/cluster');
    expect(same.preventDefault).not.toHaveBeenCalled();
    const away = navigationEvent();
    contents.emit('will-navigate', away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
    expect(contents.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'https://10.0.0.5:5080/ui/logs' })).toEqual({ action: 'deny' });
    expect(contents.loaded.at(-1)).toBe('https://10.0.0.5:5080/ui/logs');
  });

  it('focuses the open window for a host instead of opening a second one', async () => {
    const windows = createLocalUiWindows(log);
    await windows.open(target(), 'alpha');
    const first = fake.FakeWindow.made.at(-1)!;
    await windows.open(target(), 'alpha');
    expect(fake.FakeWindow.made.at(-1)).toBe(first);
    expect(first.focus).toHaveBeenCalled();
  });

  it('has spellcheck off: the dictionary service must not see what is typed into a host', async () => {
    await createLocalUiWindows(log).open(target(), 'alpha');
    expect(fake.FakeWindow.made.at(-1)!.options.webPreferences.spellcheck).toBe(false);
  });

  it("clears its session's storage, cache and auth cache when the window closes", async () => {
    await createLocalUiWindows(log).open(target(), 'alpha');
    const win = fake.FakeWindow.made.at(-1)!;
    const partition = win.options.webPreferences.partition as string;
    const made = fake.sessions.filter((s) => s.partition === partition).at(-1)!;
    expect(made.cleared).toEqual([]);
    for (const listener of win.listeners.get('closed') ?? []) listener();
    await vi.waitFor(() => expect([...made.cleared].sort()).toEqual(['auth', 'cache', 'storage']));
  });

  it("opens the same host again only once the closed window's session is cleared, so the clear cannot wipe the new login", async () => {
    let release!: () => void;
    fake.clearGate.wait = new Promise<void>((resolve) => (release = resolve));
    try {
      const windows = createLocalUiWindows(log);
      await windows.open(target(), 'alpha');
      const first = fake.FakeWindow.made.at(-1)!;
      const partition = first.options.webPreferences.partition as string;
      const made = () => fake.FakeWindow.made.filter((w) => w.options.webPreferences.partition === partition);
      for (const listener of first.listeners.get('closed') ?? []) listener();

      // Reopened at once, twice: no window while the clear runs, then exactly one.
      const reopened = windows.open(target(), 'alpha');
      const again = windows.open(target(), 'alpha');
      await new Promise((resolve) => setImmediate(resolve));
      expect(made()).toEqual([first]);
      release();
      await Promise.all([reopened, again]);
      expect(made()).toHaveLength(2);
      expect(fake.sessions.filter((x) => x.partition === partition).some((x) => x.cleared.includes('storage'))).toBe(true);

      // Once cleared, a later close and reopen does not wait on the old clear.
      fake.clearGate.wait = null;
      const second = made().at(-1)!;
      for (const listener of second.listeners.get('closed') ?? []) listener();
      await windows.open(target(), 'alpha');
      expect(made()).toHaveLength(3);
    } finally {
      fake.clearGate.wait = null;
    }
  });

  it('leaves a certificate error alone when its WebContents is destroyed or has no id, without throwing', async () => {
    await createLocalUiWindows(log).open(target(), 'alpha');
    const event = navigationEvent();
    const callback = vi.fn();
    const destroyed = {
      isDestroyed: () => true,
      get id(): number {
        throw new Error('Object has been destroyed');
      },
    };
    for (const contents of [destroyed, {}, null, undefined]) {
      for (const listener of fake.appListeners.get('certificate-error') ?? []) {
        expect(() => listener(event, contents, 'https://10.0.0.5:5080/', 'net::ERR_CERT_AUTHORITY_INVALID', { data: pem }, callback)).not.toThrow();
      }
    }
    expect(event.preventDefault).not.toHaveBeenCalled();
    expect(callback).not.toHaveBeenCalled();
  });
});
