// Which site's hosts, certificates and credentials this window works on, and the way to another: a menu of the
// sites kept on this computer (with how many hosts each keeps) and "New site…". Mantine's menu is keyboard-driven
// (Enter or arrow keys open it, arrows move, Escape closes) and follows the colour scheme.
import { Button, Group, Menu, Text, VisuallyHidden } from '@mantine/core';
import { IconBuildingFactory2, IconCheck, IconChevronDown, IconPlus } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useApi } from '../../app/api-context';
import { NewSiteDialog } from './NewSiteDialog';
import { useNewNetworkHint } from './new-network-hint';
import { switchSite } from './site-actions';
import { hostCountText, loadSites, siteLabel, useSitesStore } from './sites-store';

export function SiteBadge() {
  const api = useApi();
  const view = useSitesStore((s) => s.view);
  const openNewSite = useSitesStore((s) => s.openNewSite);
  useEffect(() => {
    void loadSites(api); // never rejects: an unanswered list leaves the menu as it was
    return api.on('site.changed', (next) => useSitesStore.getState().set(next));
  }, [api]);
  useNewNetworkHint(api);
  // loadSites never rejects: an unanswered list leaves the menu as it was.
  const refresh = () => void loadSites(api);

  const current = view?.current ?? null;
  const counts = view?.hostCounts ?? {};
  // The state folder itself is offered while it is the current site or still keeps hosts.
  const choices: (string | null)[] = [...(current === null || (counts[''] ?? 0) > 0 ? [null] : []), ...(view?.sites ?? [])];
  return (
    <>
      {/* No focus placeholder: focus goes to the first site, and the menu holds menu items only (axe). */}
      <Menu position="bottom-end" shadow="md" width={260} onOpen={refresh} withInitialFocusPlaceholder={false}>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconBuildingFactory2 size={16} />}
            rightSection={<IconChevronDown size={14} />}
            aria-label={`Site: ${siteLabel(current)}. Switch site`}
          >
            Site: {siteLabel(current)}
          </Button>
        </Menu.Target>
        <Menu.Dropdown aria-label="Sites on this computer">
          {choices.map((site) => {
            const here = site === current;
            return (
              <Menu.Item
                key={site ?? ''}
                leftSection={here ? <IconCheck size={14} aria-hidden /> : <span style={{ width: 14, display: 'inline-block' }} />}
                aria-current={here ? 'true' : undefined}
                // switchSite shows its own failure and never rejects
                onClick={() => void (here ? undefined : switchSite(api, site))}
              >
                {/* Read as "alpha, 2 hosts, current site": the hidden words join what is shown, nothing else. */}
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" fw={here ? 600 : undefined} truncate>
                    {siteLabel(site)}
                    <VisuallyHidden>, </VisuallyHidden>
                  </Text>
                  <Text size="xs" c="dimmed">
                    {hostCountText(counts[site ?? ''])}
                    {here && <VisuallyHidden>, current site</VisuallyHidden>}
                  </Text>
                </Group>
              </Menu.Item>
            );
          })}
          {/* A border, not Menu.Divider: a divider inside role="menu" is a child a menu may not have (axe). */}
          <Menu.Item
            leftSection={<IconPlus size={14} />}
            onClick={() => openNewSite(true)}
            style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
          >
            New site…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <NewSiteDialog />
    </>
  );
}
