// The console window: locked-down web preferences, kept on the app's own pages, and reopened where it was left.
import { BrowserWindow, screen } from 'electron';
import { isOnOrigin } from './navigation';
import { MIN_SIZE, clampWindowState, loadWindowState, saveWindowState, type WindowState } from './window-state';

export interface MainWindowOptions {
  preload: string;
  appOrigins: readonly string[];
  stateFile: string;
  icon?: string;
  /** A window.open / target=_blank from the page; the page itself never gets a new window. */
  onOpenRequest(url: string): void;
  log: { warn(message: string, fields?: Record<string, unknown>): void };
}

/**
 * Makes the window without loading it: the caller must know the window (the IPC sender check compares against it)
 * before the page's first call arrives.
 */
export async function createMainWindow(options: MainWindowOptions): Promise<BrowserWindow> {
  const primary = screen.getPrimaryDisplay();
  const workAreas = [
    primary.workArea,
    ...screen
      .getAllDisplays()
      .filter((d) => d.id !== primary.id)
      .map((d) => d.workArea),
  ];
  const state = clampWindowState(await loadWindowState(options.stateFile), workAreas);

  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Fieldlink',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A file dropped outside the upload zone must not replace the console with the file.
      navigateOnDragDrop: false,
      // Middle-click would otherwise open links in new windows without going through the window-open handler.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
    },
  });

  guardNavigation(win, options);
  trackWindowState(win, options.stateFile, state);
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  return win;
}

function guardNavigation(win: BrowserWindow, options: MainWindowOptions): void {
  const contents = win.webContents;
  const refuse = (event: { preventDefault(): void }, url: string, what: string) => {
    if (isOnOrigin(url, options.appOrigins)) return;
    event.preventDefault();
    options.log.warn(`Blocked ${what} away from the console.`, { url: url.slice(0, 200) });
  };
  contents.on('will-navigate', (event, url) => refuse(event, url, 'a navigation'));
  contents.on('will-redirect', (event, url) => refuse(event, url, 'a redirect'));
  contents.on('will-frame-navigate', (event) => refuse(event, event.url, 'a frame navigation'));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    options.onOpenRequest(url);
    return { action: 'deny' };
  });
}

function trackWindowState(win: BrowserWindow, file: string, initial: WindowState): void {
  let last = initial;
  let timer: NodeJS.Timeout | null = null;
  const capture = () => {
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return;
    last = { bounds: win.isMaximized() ? last.bounds : win.getBounds(), maximized: win.isMaximized() };
  };
  const saveSoon = () => {
    capture();
    if (timer) clearTimeout(timer);
    // Saved during use too, so a crash or a power cut keeps the last arrangement.
    timer = setTimeout(() => void saveWindowState(file, last).catch(() => {}), 1000);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('maximize', saveSoon);
  win.on('unmaximize', saveSoon);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    capture();
    // A window position that could not be saved only means the next start opens at the default place.
    void saveWindowState(file, last).catch(() => {});
  });
}
