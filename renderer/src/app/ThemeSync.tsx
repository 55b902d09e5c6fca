import { useMantineColorScheme } from '@mantine/core';
import { useEffect } from 'react';
import { useSettingsStore } from '../entities/settings/settings-store';

/** The theme is a core setting (shared by every window and by serve); Mantine follows it, 'auto' follows the OS. */
export function ThemeSync() {
  const theme = useSettingsStore((s) => s.settings?.theme);
  const { setColorScheme } = useMantineColorScheme();
  useEffect(() => {
    if (theme) setColorScheme(theme);
  }, [theme, setColorScheme]);
  return null;
}
