// One site opened: a runtime on the site's folder and vault keys, with every command that works inside a site.
// Switching sites closes one session and opens another (sites/site-switch.ts); nothing here outlives its site.
import type { Handlers } from '../../../shared/contract';
import { bulkLinkHandlers } from '../handlers/bulk-link-handlers';
import { hostHandlers } from '../handlers/host-handlers';
import { linkHandlers } from '../handlers/link-handlers';
import { planHandlers } from '../handlers/plan-handlers';
import { settingHandlers } from '../handlers/setting-handlers';
import { taskHandlers } from '../handlers/task-handlers';
import type { ConsoleCoreOptions } from '../index';
import { CoreRuntime } from '../runtime';
import { LoginGuardFile } from '../store/login-guard';
import { siteName, siteStateDir, siteVault } from '../store/site-dir';
import { createUploadHandlers } from '../uploads/handlers';

/** The commands that are about choosing a site, answered above any one session. */
export type SiteCommand = 'sites.list' | 'sites.switch' | 'sites.networks' | 'sites.keepNetworks';
export type SessionHandlers = Omit<Handlers, SiteCommand>;

export interface SiteSession {
  /** Canonical site name, or null for the state folder itself. */
  site: string | null;
  dir: string;
  rt: CoreRuntime;
  handlers: SessionHandlers;
}

export async function openSiteSession(options: ConsoleCoreOptions, site: string | null): Promise<SiteSession> {
  const name = site ? siteName(site) : null;
  const dir = siteStateDir(options.stateDir, name);
  const version = options.version ?? '0.0.0';
  const rt = new CoreRuntime({
    stateDir: dir,
    vault: siteVault(options.vault, name),
    mdnsInterfaces: options.mdnsInterfaces,
    discovery: options.discovery !== false,
    logger: options.logger,
    version,
    trustNew: options.trustNew ?? false,
    timing: options.timing,
    requeryMs: options.mdnsRequeryMs,
    ...(options.loginGuard ? { loginGuard: new LoginGuardFile(dir, options.loginGuard.retry) } : {}),
    claimSilentMs: options.claimSilentMs,
  });
  await rt.init();
  const uploads = createUploadHandlers(rt.context);
  const handlers: SessionHandlers = {
    ...settingHandlers(rt.context, { version, bridge: options.bridge, stateDir: dir, site: name }),
    ...hostHandlers(rt.context),
    ...linkHandlers(rt.context),
    ...bulkLinkHandlers(rt.context),
    ...taskHandlers(rt.tasks),
    ...uploads,
    ...planHandlers(rt.context, {
      actionLog: rt.actionLog,
      site: name,
      startUploads: async (hostId, files) => (await uploads['uploads.start']({ hostId, files: files.map((path) => ({ path })) })).taskIds,
    }),
  };
  return { site: name, dir, rt, handlers };
}
