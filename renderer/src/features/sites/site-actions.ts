// Switching sites from the page. The core answers once the other site is open and says so with 'site.changed',
// on which the page loads everything again (app/sync.ts); a refusal (tasks still running) is shown as given.
import type { ConsoleApi } from '../../../../shared/contract';
import { attempt, notifyInfo } from '../../ui/notify';
import { siteLabel, useSitesStore } from './sites-store';

export async function switchSite(api: ConsoleApi, site: string | null, create = false): Promise<boolean> {
  const view = await attempt(create ? 'Could not make the new site' : 'Could not switch sites', () =>
    api['sites.switch']({ site, ...(create ? { create } : {}) }),
  );
  if (!view) return false;
  useSitesStore.getState().set(view);
  notifyInfo(create ? 'New site' : 'Site switched', `Working on ${siteLabel(view.current)} now: only its hosts, certificates and credentials are used.`);
  return true;
}
