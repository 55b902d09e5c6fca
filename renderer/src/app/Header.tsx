import { ActionIcon, Button, Group, Kbd, Menu, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { spotlight } from '@mantine/spotlight';
import { IconChevronDown, IconDeviceDesktop, IconKey, IconMoon, IconRadar, IconSettings, IconSun } from '@tabler/icons-react';
import { useCredentialsStore } from '../features/credentials/credentials-store';
import { ReviewCertificatesButton } from '../features/credentials/ReviewCertificates';
import { SiteBadge } from '../features/sites/SiteBadge';
import { rescan } from '../features/discovery/actions';
import { cycleTheme } from '../features/settings/actions';
import { useSettingsStore } from '../entities/settings/settings-store';
import { PlansButton } from '../features/plans/PlansButton';
import { TasksButton } from '../features/tasks/TaskCentre';
import { openDialog } from '../ui/dialog-store';
import { useHostsStore } from '../entities/hosts/hosts-store';
import { plural } from '../lib/format';
import { useApi } from './api-context';

// 'auto' shows a screen (follow the system): a half-sun icon read as a disabled toggle.
const themeIcon = { light: IconSun, dark: IconMoon, auto: IconDeviceDesktop } as const;

export function Header() {
  const api = useApi();
  const status = useCredentialsStore((s) => s.status);
  // A wrong site password is otherwise only on each card: the header says at once that the hosts refuse it.
  const refused = useHostsStore((s) => Object.values(s.byId).filter((h) => h.access === 'auth-failed' && !h.credentialOverride).length);
  const theme = useSettingsStore((s) => s.settings?.theme ?? 'auto');
  const ThemeIcon = themeIcon[theme];
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Title order={3}>Fieldlink</Title>
        <UnstyledButton onClick={spotlight.open} title="Open the command palette" className="fl-focusable">
          <Group gap={4}>
            <Text size="xs">Actions</Text>
            <Kbd size="xs">Ctrl</Kbd>
            <Kbd size="xs">K</Kbd>
          </Group>
        </UnstyledButton>
      </Group>
      <Group gap="xs" wrap="nowrap">
        <Button variant="default" leftSection={<IconRadar size={16} />} onClick={() => void rescan(api) /* a refusal is shown as a notification (attempt) */}>
          Rescan
        </Button>
        <Menu position="bottom-end" shadow="md">
          <Menu.Target>
            <Button variant="default" rightSection={<IconChevronDown size={14} />}>
              Discovery
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => openDialog({ kind: 'add-host' })}>Add host by address…</Menu.Item>
            <Menu.Item onClick={() => openDialog({ kind: 'probe-range' })}>Probe a range…</Menu.Item>
            <Menu.Item onClick={() => openDialog({ kind: 'settings' })}>Choose interfaces…</Menu.Item>
          </Menu.Dropdown>
        </Menu>
        <SiteBadge />
        <ReviewCertificatesButton />
        <Button
          variant={status?.siteSet ? (refused > 0 ? 'light' : 'default') : 'filled'}
          color={status?.siteSet ? (refused > 0 ? 'red' : undefined) : 'yellow'}
          leftSection={<IconKey size={16} />}
          onClick={() => openDialog({ kind: 'site-credentials' })}
        >
          {status?.siteSet ? `Site login: ${status.siteUser ?? 'set'}${refused > 0 ? ` · refused by ${plural(refused, 'host')}` : ''}` : 'Site credentials'}
        </Button>
        <PlansButton />
        <TasksButton />
        <Tooltip label={`Theme: ${theme === 'auto' ? 'follow the system' : theme}`}>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => void cycleTheme(api) /* a failed save is shown as a notification (attempt) */}
            aria-label={`Theme: ${theme}. Switch theme`}
          >
            <ThemeIcon size={18} />
          </ActionIcon>
        </Tooltip>
        <ActionIcon variant="default" size="lg" onClick={() => openDialog({ kind: 'settings' })} aria-label="Settings">
          <IconSettings size={18} />
        </ActionIcon>
      </Group>
    </Group>
  );
}
