// A new network suggests a new site: when the laptop is on a network the current site was never seen on, one
// notice says so and offers a new site, or to keep the network as this site's. Closing it only hides it for now.
// Checked at start, after a switch, and every minute (a laptop changes networks without telling the page).
import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import type { ConsoleApi } from '../../../../shared/contract';
import { attempt } from '../../ui/notify';
import { siteLabel, useSitesStore } from './sites-store';

const NOTICE_ID = 'new-network';
const CHECK_MS = 60_000;

export function useNewNetworkHint(api: ConsoleApi): void {
  useEffect(() => {
    let live = true;
    // What was closed without an answer is not shown again until the networks change.
    let hidden = '';
    const check = async () => {
      // Only a hint: when the core cannot answer (an older core, the bridge down) there is simply nothing to suggest.
      const hint = await api['sites.networks']({}).catch(() => null);
      if (!live) return;
      const networks = hint?.newNetworks ?? [];
      const key = `${hint?.site ?? ''}|${networks.join(',')}`;
      if (networks.length === 0 || key === hidden) {
        notifications.hide(NOTICE_ID);
        return;
      }
      const keep = async () => {
        notifications.hide(NOTICE_ID);
        await attempt('Could not remember the network', () => api['sites.keepNetworks']({ networks }));
      };
      // keep shows its own failure (attempt) and never rejects.
      const onKeep = () => void keep();
      notifications.show({
        id: NOTICE_ID,
        title: 'A network this site has never been on',
        color: 'yellow',
        autoClose: false,
        withBorder: true,
        onClose: () => void (hidden = key),
        message: (
          <Stack gap={6}>
            <Text size="sm">
              This laptop is on {networks.join(', ')}, where the site {siteLabel(hint?.site ?? null)} was never worked on. At another site? Start a new site, so
              its hosts are kept apart.
            </Text>
            <Group gap="xs">
              <Button
                size="compact-sm"
                onClick={() => {
                  notifications.hide(NOTICE_ID);
                  useSitesStore.getState().openNewSite(true);
                }}
              >
                New site…
              </Button>
              <Button size="compact-sm" variant="default" onClick={onKeep}>
                Same site
              </Button>
            </Group>
          </Stack>
        ),
      });
    };
    // check never rejects: every call in it is caught.
    void check();
    const timer = setInterval(() => void check(), CHECK_MS); // as above
    const off = api.on('site.changed', () => void check()); // as above
    return () => {
      live = false;
      clearInterval(timer);
      off();
    };
  }, [api]);
}
