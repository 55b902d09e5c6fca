// The Electron main process: a thin shell that creates the console core (plain Node, electron/core) with the
// Electron adapters, shows it in one locked-down window and connects the two over IPC. Everything the console
// does happens in the core; what is here is windows, menus and the operating system.
import { app, dialog, ipcMain, Menu, nativeTheme, Notification, protocol, safeStorage, session, shell, type BrowserWindow } from 'electron';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SettingsView, TaskView } from '../shared/contract';
import { dispatch } from '../shared/dispatch';
import { openLogFile, type LogFile } from './adapters/log-file';
import { SafeStorageVault } from './adapters/safe-storage-vault';
import { credentialsFrom, mdnsInterfacesFrom } from './bridge/run-options';
import { createConsoleCore } from './core/index';
import { MemoryVault, type Vault } from './core/vault';
import { registerIpc } from './ipc';
import { APP_INDEX_URL, APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, respondToAppRequest } from './shell/app-protocol';
import { newNonce } from './shell/csp';
import { createReportPdfSaver, pageSizeFor } from './shell/report-pdf';
import { ChosenFiles } from './shell/chosen-files';
import { createCoreCloser } from './shell/core-closer';
import { oneQuestionAtATime, typedPathsQuestion } from './shell/typed-paths-dialog';
import { deferredCore, type CoreLike } from './shell/deferred-core';
import { createLocalUiWindows } from './shell/local-ui-window';
import { createMainWindow } from './shell/main-window';
import { buildMenuTemplate, toggledTheme } from './shell/menu';
import { decideWindowOpen, originOf, type LocalUiTarget } from './shell/navigation';
import { hardenApp, hardenConsoleSession } from './shell/session-hardening';
import { UploadProgress, notificationFor } from './shell/task-feedback';

type Core = Awaited<ReturnType<typeof createConsoleCore>>;

const devServerUrl = typeof MAIN_WINDOW_VITE_DEV_SERVER_URL === 'string' ? MAIN_WINDOW_VITE_DEV_SERVER_URL : null;
const devServerOrigin = devServerUrl ? originOf(devServerUrl) : null;
const appOrigins = devServerOrigin ? [devServerOrigin] : [APP_ORIGIN];
const isDev = !app.isPackaged;

// Must happen before 'ready': the scheme's privileges are fixed when the first renderer starts.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

// FIELDLINK_STATE_DIR (tests, demos, several sites side by side) moves the whole profile there, so a test never
// touches the user's real one and its single-instance lock is its own.
const stateDirOverride = process.env.FIELDLINK_STATE_DIR ? path.resolve(process.env.FIELDLINK_STATE_DIR) : null;
if (stateDirOverride) app.setPath('userData', path.join(stateDirOverride, 'electron-profile'));

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;
let log: LogFile | null = null;
// Closes the core on quit, also one still being made when the user quits (shell/core-closer.ts).
const coreCloser = createCoreCloser<Core>({ error: (message, fields) => log?.error(message, fields) });

// Windows shows notifications only for an app with an identity; the installer registers the same id.
if (process.platform === 'win32') app.setAppUserModelId('dev.fieldlink.console');

if (!app.requestSingleInstanceLock()) {
  // Another Fieldlink owns this profile (its core, its mDNS browser, its state files): hand over and leave.
  app.quit();
} else {
  app.on('second-instance', () => focusMainWindow());
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => fail(err));
}

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function makeVault(logFile: LogFile): Vault {
  // Demos and tests on machines without a keyring keep secrets in memory for the run, by explicit request only.
  if (process.env.FIELDLINK_VAULT === 'memory') return new MemoryVault();
  // Without a usable key store (no keyring; Linux's basic_text) the vault keeps secrets for the session and says so
  // once, on screen: the technician must know the password is asked again after a restart.
  return new SafeStorageVault(
    path.join(app.getPath('userData'), 'secrets.json'),
    safeStorage,
    process.platform,
    (m) => logFile.warn(m),
    (message) => {
      logFile.warn(message);
      const options = {
        type: 'info' as const,
        title: 'Passwords for this session only',
        message: 'Fieldlink keeps passwords for this session only',
        detail: message,
      };
      const shown = mainWindow && !mainWindow.isDestroyed() ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options);
      shown.catch((err: unknown) => logFile.warn('Could not show that passwords are kept for this session only.', { error: err }));
    },
  );
}

/**
 * A path the page typed (not dropped or picked) is read only if the user allows it here, in a dialog the main
 * process draws: a page that went wrong can ask, but cannot answer for the user. One question at a time.
 */
const confirmTypedPaths = oneQuestionAtATime(async (paths) => {
  if (!mainWindow || mainWindow.isDestroyed()) return false;
  const { response } = await dialog.showMessageBox(mainWindow, typedPathsQuestion(paths));
  return response === 1;
});

async function start(): Promise<void> {
  const logFile = openLogFile(path.join(app.getPath('logs'), 'fieldlink.log'), { echo: isDev });
  log = logFile;
  logFile.info(`Fieldlink ${app.getVersion()} starting.`, { electron: process.versions.electron, platform: process.platform });

  hardenApp(logFile);
  hardenConsoleSession(session.defaultSession, appOrigins, devServerOrigin, logFile);
  const rendererDir = path.join(app.getAppPath(), 'dist', 'renderer');
  protocol.handle(APP_SCHEME, (request) => respondToAppRequest(request.url, { rootDir: rendererDir, newNonce: () => newNonce(randomBytes) }));

  // The window comes first; the core (and with it mDNS) only once the window is on screen. IPC calls that arrive
  // in between wait for the core (shell/deferred-core.ts).
  let coreStarted!: (core: Core) => void;
  let coreFailed!: (err: unknown) => void;
  const coreReady = new Promise<Core>((resolve, reject) => {
    coreStarted = resolve;
    coreFailed = reject;
  });
  coreCloser.starting(coreReady);
  const lateCore: CoreLike = deferredCore(coreReady);

  registerIpc({
    ipcMain,
    core: lateCore,
    mainWebContents: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null),
    appOrigins,
    log: logFile,
    files: { chosen: new ChosenFiles(), confirmTyped: confirmTypedPaths },
    desktop: {
      'report.savePdf': createReportPdfSaver({
        reportHtml: async (input) => (await lateCore.handlers['report.export']({ format: 'html', ...input })).text,
        parentWindow: () => mainWindow,
        defaultDir: () => {
          // A Linux desktop without XDG folders has no documents folder; the home folder always exists.
          try {
            return app.getPath('documents');
          } catch {
            return app.getPath('home');
          }
        },
        pageSize: () => pageSizeFor(app.getLocaleCountryCode()),
        log: logFile,
      }),
    },
  });
  const icon = path.join(app.getAppPath(), 'build', 'icon.png');
  const localUi = createLocalUiWindows(logFile, existsSync(icon) ? icon : undefined);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(buildMenuTemplate({ appName: 'Fieldlink', isMac: process.platform === 'darwin', isDev }, menuActions(lateCore, logFile))),
  );

  const openWindow = async () => {
    const win = await createMainWindow({
      preload: path.join(__dirname, 'preload.cjs'),
      appOrigins,
      stateFile: path.join(app.getPath('userData'), 'window-state.json'),
      ...(existsSync(icon) ? { icon } : {}),
      onOpenRequest: (url) => {
        openLocalUi(lateCore, url, localUi.open).catch((err: unknown) => logFile.warn('Could not open a Local UI window.', { error: err }));
      },
      log: logFile,
    });
    mainWindow = win;
    win.on('closed', () => {
      mainWindow = null;
      localUi.closeAll();
    });
    const shown = new Promise<void>((resolve) => {
      win.once('show', () => resolve());
      // A window that never shows (hidden start, a broken GPU) must not keep the console from starting.
      setTimeout(resolve, 15_000).unref();
    });
    await win.loadURL(devServerUrl ?? APP_INDEX_URL);
    return shown;
  };
  // macOS: the dock icon reopens the console, also while the core is still starting. One window at a time.
  let opening: Promise<void> | null = null;
  const openWindowOnce = () => {
    opening ??= openWindow().finally(() => {
      opening = null;
    });
    return opening;
  };
  app.on('activate', () => {
    if (!mainWindow && !coreCloser.quitting) openWindowOnce().catch((err: unknown) => fail(err));
  });
  try {
    await openWindowOnce();
  } catch (err) {
    coreFailed(err);
    throw err;
  }
  if (coreCloser.quitting) {
    coreFailed(new Error('Fieldlink is quitting.'));
    return;
  }

  const mdnsInterfaces = mdnsInterfacesFrom(undefined);
  try {
    const created = await createConsoleCore({
      stateDir: stateDirOverride ?? path.join(app.getPath('userData'), 'state'),
      // FIELDLINK_SITE: the site to open at start (the demo's own); the window switches between sites.
      ...(process.env.FIELDLINK_SITE ? { site: process.env.FIELDLINK_SITE } : {}),
      vault: makeVault(logFile),
      bridge: 'electron',
      version: app.getVersion(),
      ...(mdnsInterfaces ? { mdnsInterfaces } : {}),
      logger: logFile,
    });
    core = created;
    // At once, before the core's first events (it starts mDNS on the next turn of the event loop): the IPC layer
    // subscribes when this resolves, and a discovery problem emitted before that would never reach the window.
    // If the user quit meanwhile, this hands the core to coreCloser, which closes it.
    coreStarted(created);
  } catch (err) {
    coreFailed(err);
    throw err;
  }
  if (coreCloser.quitting) return;

  const credentials = credentialsFrom({});
  if (credentials) {
    const answer = await dispatch(core.handlers, 'credentials.setSite', credentials);
    if (!answer.ok) logFile.warn(`The site credentials from the environment were not set: ${answer.error.message}`);
  }
  wireOsFeedback(core);
  await followTheme(core);
}

/** A link the page tried to open: a known, pinned host's address opens its Local UI; anything else stays shut. */
async function openLocalUi(created: CoreLike, url: string, open: (target: LocalUiTarget, name: string) => Promise<void>): Promise<void> {
  const hosts = await created.handlers['hosts.list']({});
  const decision = decideWindowOpen(url, hosts);
  if (decision.action === 'deny') {
    log?.warn(`Did not open a window (${decision.reason}).`, { url: url.slice(0, 200) });
    return;
  }
  await open(decision.target, hosts.find((h) => h.id === decision.target.hostId)?.name ?? decision.target.hostId);
}

/** Taskbar/dock progress for uploads, and a native notification for a task that ends while the app is not in front. */
function wireOsFeedback(created: Core): void {
  const uploads = new UploadProgress();
  const showProgress = (task: TaskView) => {
    const bar = uploads.update(task);
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.setProgressBar(bar.value, { mode: bar.mode });
  };
  created.on('tasks.changed', showProgress);
  created.on('tasks.ended', (task) => {
    showProgress(task);
    // In front, the console's own toast says it; a second, native one would only repeat it.
    if (mainWindow?.isFocused() || !Notification.isSupported()) return;
    const text = notificationFor(task);
    if (!text) return;
    const note = new Notification({ title: text.title, body: text.body, silent: task.state === 'succeeded' });
    note.on('click', () => focusMainWindow());
    note.show();
  });
}

async function followTheme(created: Core): Promise<void> {
  const apply = (settings: SettingsView) => {
    nativeTheme.themeSource = settings.theme === 'auto' ? 'system' : settings.theme;
  };
  created.on('settings.changed', apply);
  const answer = await dispatch(created.handlers, 'settings.get', {});
  if (answer.ok) apply(answer.data as SettingsView);
}

function menuActions(created: CoreLike, logFile: LogFile) {
  /** A menu action runs detached from the click: its failure goes to the log. */
  const run = (what: string, action: () => Promise<unknown>) => {
    action().catch((err: unknown) => logFile.warn(`The menu action "${what}" failed.`, { error: err }));
  };
  const openPath = async (file: string, what: string) => {
    const problem = await shell.openPath(file);
    if (problem) await dialog.showMessageBox({ type: 'warning', message: `Fieldlink could not open the ${what}.`, detail: `${file}\n${problem}` });
  };
  return {
    openLogFile: () => run('Open Log File', () => openPath(logFile.path, 'log file')),
    openReadme: () =>
      run('Open README', () => openPath(app.isPackaged ? path.join(process.resourcesPath, 'README.md') : path.join(app.getAppPath(), 'README.md'), 'README')),
    toggleDark: () =>
      run('Toggle Dark Mode', async () => {
        const current = await dispatch(created.handlers, 'settings.get', {});
        const theme = toggledTheme(current.ok ? (current.data as SettingsView).theme : 'auto', nativeTheme.shouldUseDarkColors);
        await dispatch(created.handlers, 'settings.set', { theme });
      }),
    about: () =>
      run('About', () =>
        dialog.showMessageBox({
          type: 'info',
          title: 'About Fieldlink',
          message: `Fieldlink ${app.getVersion()}`,
          detail: `Finds, links and loads Palette Edge hosts on a site network.\n\nElectron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
        }),
      ),
    quit: () => app.quit(),
  };
}

function fail(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  log?.error('Fieldlink could not start.', { error: err });
  dialog.showErrorBox('Fieldlink could not start', message);
  app.exit(1);
}

app.on('window-all-closed', () => {
  // macOS keeps an app running without windows; the dock icon reopens the console.
  if (process.platform !== 'darwin') app.quit();
});

// The core holds sockets (mDNS, HTTPS to hosts) and writes state: close it before the process goes, also when it
// is still being made (the quit then waits for it).
app.on('will-quit', (event) => {
  coreCloser.onWillQuit(
    () => event.preventDefault(),
    () => {
      core = null;
      app.quit();
    },
  );
});
