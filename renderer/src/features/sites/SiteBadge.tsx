// Which site's hosts, certificates and credentials this window works on. Shown once sites are in use (a site is
// named, or others exist), so a demo's or another site's hosts are never mistaken for this site's.
import { Badge, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { SitesView } from '../../../../shared/contract';
import { useApi } from '../../app/api-context';

export function SiteBadge() {
  const api = useApi();
  const [sites, setSites] = useState<SitesView | null>(null);
  useEffect(() => {
    let live = true;
    api['sites.list']({})
      .then((view) => live && setSites(view ?? null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api]);
  if (!sites || (sites.current === null && sites.sites.length === 0)) return null;
  const others = sites.sites.filter((s) => s !== sites.current);
  const hint = others.length
    ? `Other sites on this computer: ${others.join(', ')}. Start Fieldlink with --site NAME to work on one of them.`
    : 'No other site on this computer. Start Fieldlink with --site NAME to begin another.';
  return (
    <Tooltip label={hint} multiline w={320}>
      <Badge variant="light" size="lg" tabIndex={0} aria-label={`Site: ${sites.current ?? 'default'}. ${hint}`}>
        Site: {sites.current ?? 'default'}
      </Badge>
    </Tooltip>
  );
}
