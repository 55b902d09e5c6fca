// The application menu as data, so which items exist in which build can be tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openLogFile(): void;
  toggleDark(): void;
  about(): void;
  openReadme(): void;
  quit(): void;
}

export interface MenuOptions {
  appName: string;
  isMac: boolean;
  /** Development builds only: reload and developer tools are no use to a technician and a risk to a session. */
  isDev: boolean;
}

export function buildMenuTemplate(options: MenuOptions, actions: MenuActions): MenuItemConstructorOptions[] {
  const fileMenu: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Log File', click: () => actions.openLogFile() },
      { type: 'separator' },
      options.isMac
        ? { label: `Quit ${options.appName}`, accelerator: 'Cmd+Q', click: () => actions.quit() }
        : { label: 'Quit', accelerator: 'Ctrl+Q', click: () => actions.quit() },
    ],
  };

  // The standard edit roles: without them macOS has no Cmd+C/Cmd+V in text fields (passwords, tokens, addresses).
  const editMenu: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };

  const viewMenu: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(options.isDev
        ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])
        : []),
      { label: 'Toggle Dark Mode', accelerator: 'CmdOrCtrl+Shift+D', click: () => actions.toggleDark() },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const helpMenu: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [
      { label: 'Open README', click: () => actions.openReadme() },
      { type: 'separator' },
      { label: `About ${options.appName}`, click: () => actions.about() },
    ],
  };

  return [...(options.isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []), fileMenu, editMenu, viewMenu, helpMenu];
}

/** The next theme when the user toggles dark mode: dark unless it is dark already ('auto' follows the system). */
export function toggledTheme(current: 'light' | 'dark' | 'auto', systemIsDark: boolean): 'light' | 'dark' {
  const effective = current === 'auto' ? (systemIsDark ? 'dark' : 'light') : current;
  return effective === 'dark' ? 'light' : 'dark';
}
