import type { CommandInput, ConsoleApi } from '../../../../shared/contract';
import { attempt } from '../../ui/notify';
import { useSettingsStore } from '../../entities/settings/settings-store';

export async function saveSettings(api: ConsoleApi, patch: CommandInput<'settings.set'>): Promise<boolean> {
  const settings = await attempt('Could not save the settings', () => api['settings.set'](patch));
  if (settings) useSettingsStore.getState().set(settings);
  return settings !== undefined;
}

const order = ['light', 'dark', 'auto'] as const;

/** Light → dark → follow the system → light. */
export async function cycleTheme(api: ConsoleApi): Promise<void> {
  const current = useSettingsStore.getState().settings?.theme ?? 'auto';
  const next = order[(order.indexOf(current) + 1) % order.length]!;
  await saveSettings(api, { theme: next });
}
