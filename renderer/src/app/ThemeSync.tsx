import { useMantineColorScheme, type MantineColorScheme } from '@mantine/core';
import { startTransition, useEffect } from 'react';
import { useSettingsStore } from '../entities/settings/settings-store';
import { whenFirstScreenIdle } from '../ui/first-screen';

type Shown = 'light' | 'dark';

function shown(scheme: MantineColorScheme): Shown {
  if (scheme !== 'auto') return scheme;
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** The theme is a core setting (shared by every window and by serve); Mantine follows it, 'auto' follows the OS. */
export function ThemeSync() {
  const theme = useSettingsStore((s) => s.settings?.theme);
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  useEffect(() => {
    if (!theme || theme === colorScheme) return;
    if (shown(theme) !== shown(colorScheme)) {
      setColorScheme(theme);
      return;
    }
    // The page already looks as the setting wants (say 'light' over 'auto' on a light OS): the change only decides
    // what happens when the OS theme changes. Mantine's colour scheme is in the context every Mantine component reads,
    // so changing it re-renders all of them; on a first start the settings arrive with the hosts, and doing it then
    // re-rendered the whole console in the middle of the first render. It waits until that is drawn, in slices.
    return whenFirstScreenIdle(() => startTransition(() => setColorScheme(theme)));
  }, [theme, colorScheme, setColorScheme]);
  return null;
}
