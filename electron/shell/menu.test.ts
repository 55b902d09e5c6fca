import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, toggledTheme, type MenuActions } from './menu';

function actions(): MenuActions {
  return { openLogFile: vi.fn(), toggleDark: vi.fn(), about: vi.fn(), openReadme: vi.fn(), quit: vi.fn() };
}

const items = (menu: MenuItemConstructorOptions) => menu.submenu as MenuItemConstructorOptions[];
const find = (template: MenuItemConstructorOptions[], label: string) => template.find((m) => m.label === label)!;

describe('application menu', () => {
  it('has File, Edit, View and Help with the actions wired', () => {
    const a = actions();
    const template = buildMenuTemplate({ appName: 'Fieldlink', isMac: false, isDev: false }, a);
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);

    const click = (menu: string, label: string) => {
      const item = items(find(template, menu)).find((i) => i.label === label)!;
      (item.click as () => void)();
    };
    click('&File', 'Open Log File');
    click('&File', 'Quit');
    click('&View', 'Toggle Dark Mode');
    click('&Help', 'Open README');
    click('&Help', 'About Fieldlink');
    expect(a.openLogFile).toHaveBeenCalledOnce();
    expect(a.quit).toHaveBeenCalledOnce();
    expect(a.toggleDark).toHaveBeenCalledOnce();
    expect(a.openReadme).toHaveBeenCalledOnce();
    expect(a.about).toHaveBeenCalledOnce();
  });

  it('offers reload and developer tools in development only', () => {
    const roles = (isDev: boolean) => items(find(buildMenuTemplate({ appName: 'Fieldlink', isMac: false, isDev }, actions()), '&View')).map((i) => i.role);
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('forceReload');
    expect(roles(false)).not.toContain('toggleDevTools');
  });

  it('adds the macOS app menu there only', () => {
    expect(buildMenuTemplate({ appName: 'Fieldlink', isMac: true, isDev: false }, actions())[0]!.role).toBe('appMenu');
    expect(buildMenuTemplate({ appName: 'Fieldlink', isMac: false, isDev: false }, actions())[0]!.role).toBeUndefined();
  });
});

describe('toggledTheme', () => {
  it('flips what the user sees', () => {
    expect(toggledTheme('light', true)).toBe('dark');
    expect(toggledTheme('dark', false)).toBe('light');
    expect(toggledTheme('auto', true)).toBe('light');
    expect(toggledTheme('auto', false)).toBe('dark');
  });
});
