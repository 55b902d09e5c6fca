// A simulated site whose every host is reached through its own hostile link (hostile-link.ts), and a core that
// knows the hosts only by the relays' addresses: what the console sends and hears crosses the link, while the
// hosts talk to each other directly (linking, content sync), as on a site whose laptop sits on a bad Wi-Fi.
import type { Handlers, HostView } from '../../../shared/contract';
import type { ApiProfileName } from '../../../simulator/site';
import { createUploadHandlers, type UploadOptions } from '../../core/uploads/handlers';
import { startHarness, type Harness } from './core-harness';
import { startHostileLink, type HostileLink, type LinkShape } from './hostile-link';
import { SIM_PASSWORD, SIM_USER, startTestSite, type Site } from './sim';

export interface HostileSite {
  site: Site;
  /** links[i] stands in front of site.hosts[i]. */
  links: HostileLink[];
  h: Harness;
  /** The core's handlers, the upload commands on `uploads` timings. */
  api: Handlers;
  /** What hosts.add answered for each host, by the relay's address. */
  added: HostView[];
  close(): Promise<void>;
}

export interface HostileSiteOptions {
  profile: ApiProfileName;
  hosts: number;
  shape?: Partial<LinkShape>;
  /** false: the test trusts each certificate itself (certificates.trust). Default true. */
  trustNew?: boolean;
  uploads?: UploadOptions;
  /** Default 500 ms, the harness's. */
  beatMs?: number;
  /** The simulator's time per link step (sim.ts default 100 ms): longer runs leave time to act in the middle. */
  linkStepMs?: number;
}

/** The spec profile with opaque tokens (no leader address in them), like the hosts Fieldlink cannot read a token of. */
export async function startHostileSite(opts: HostileSiteOptions): Promise<HostileSite> {
  const site = await startTestSite({
    hosts: opts.hosts,
    profile: opts.profile,
    ...(opts.profile === 'spec' ? { specTokenFormat: 'opaque' as const } : {}),
    ...(opts.linkStepMs ? { linkStepMs: opts.linkStepMs } : {}),
  });
  const links: HostileLink[] = [];
  let h: Harness | null = null;
  const close = async () => {
    await h?.close();
    for (const link of links) await link.close();
    await site.stop();
  };
  try {
    for (const host of site.hosts) links.push(await startHostileLink({ port: host.port }, opts.shape ?? {}));
    h = await startHarness({
      user: SIM_USER,
      password: SIM_PASSWORD,
      ...(opts.trustNew === false ? {} : { trustNew: true }),
      ...(opts.beatMs ? { timing: { beatMs: opts.beatMs } } : {}),
    });
    const added: HostView[] = [];
    for (const link of links) added.push(await h.core.handlers['hosts.add']({ address: link.endpoint }));
    const api: Handlers = { ...h.core.handlers, ...createUploadHandlers(h.core.context, opts.uploads ?? {}) };
    return { site, links, h, api, added, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Every time a host was shown offline after it had been online, from the harness's hosts.changed events since `since`. */
export function flaps(h: Harness, since = 0): string[] {
  const seenOnline = new Set<string>();
  const out: string[] = [];
  for (const e of h.events) {
    if (e.name !== 'hosts.changed' || e.at < since) continue;
    for (const v of (e.payload as { upserted: HostView[] }).upserted) {
      if (v.online) seenOnline.add(v.id);
      else if (seenOnline.has(v.id)) out.push(`${v.name} offline: ${v.accessMessage ?? ''}`);
    }
  }
  return out;
}
