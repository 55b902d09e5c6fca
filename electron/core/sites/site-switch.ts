// Switching sites without restarting: the bridges hold one set of handlers and one event source for the core's
// life, and both follow whichever site is open. A switch opens the chosen site first (a failure leaves the current
// one as it was), then closes the old one: its polling, mDNS, clients and state files. The old site's hosts are
// never contacted again, and its events stop at once, so nothing of it reaches the page after 'site.changed'.
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eventNames, type NetworkSuggestion, type SitesView, type Unsubscribe } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { EventBus } from '../event-bus';
import type { ConsoleCoreOptions } from '../index';
import { listSites, siteName, siteStateDir } from '../store/site-dir';
import { networksOf, SiteNetworks, type InterfaceTable } from './networks';
import { openSiteSession, type SiteSession } from './site-session';

/** How many hosts a site keeps in its hosts.json (0 when it has none or the file cannot be read). */
async function savedHostCount(dir: string): Promise<number> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dir, 'hosts.json'), 'utf8')) as { hosts?: unknown };
    return Array.isArray(parsed.hosts) ? parsed.hosts.length : 0;
  } catch {
    return 0;
  }
}

export class SiteSwitcher {
  readonly bus: EventBus;
  private session!: SiteSession;
  private networks!: SiteNetworks;
  private forwarding: Unsubscribe[] = [];
  /** The switch under way: commands wait for it, so none reaches a site being closed. */
  private switching: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly options: ConsoleCoreOptions,
    private readonly interfaces: () => InterfaceTable,
  ) {
    this.bus = new EventBus((err, event) => options.logger?.error('event listener failed', { event, error: err }));
  }

  static async open(options: ConsoleCoreOptions, interfaces: () => InterfaceTable = os.networkInterfaces): Promise<SiteSwitcher> {
    const switcher = new SiteSwitcher(options, interfaces);
    switcher.adopt(await openSiteSession(options, options.site ?? null));
    return switcher;
  }

  get current(): SiteSession {
    return this.session;
  }

  /** The open site, once any switch under way has ended. */
  async ready(): Promise<SiteSession> {
    // A failed switch was answered to its caller; the site open now is the one to use.
    await this.switching.catch(() => undefined);
    if (this.closed) throw new ConsoleError('unsupported', 'Fieldlink is shutting down; start it again to go on.');
    return this.session;
  }

  async list(): Promise<SitesView> {
    const root = this.options.stateDir;
    const current = this.session.site;
    // The current site counts even before anything of it reached the disk.
    const sites = new Set(await listSites(root));
    if (current) sites.add(current);
    const hostCounts: Record<string, number> = {};
    await Promise.all(
      [...sites, ''].map(async (s) => {
        hostCounts[s] = (s || null) === current ? this.session.rt.context.entries.all().length : await savedHostCount(siteStateDir(root, s || null));
      }),
    );
    return { current, sites: [...sites].sort(), hostCounts };
  }

  switchTo(site: string | null, create = false): Promise<SitesView> {
    // One switch at a time; the previous one's failure was answered to its own caller.
    const run = this.switching.catch(() => undefined).then(() => this.doSwitch(site, create));
    this.switching = run;
    return run;
  }

  async suggestion(): Promise<NetworkSuggestion> {
    const session = await this.ready();
    const newNetworks = await this.networks.check(networksOf(this.interfaces()));
    return { site: session.site, newNetworks };
  }

  async keepNetworks(networks: string[]): Promise<void> {
    await this.ready();
    await this.networks.keep(networks);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.switching.catch(() => undefined); // answered to its caller, as above
    for (const off of this.forwarding) off();
    await this.session.rt.close();
    this.bus.clear();
  }

  private async doSwitch(site: string | null, create: boolean): Promise<SitesView> {
    if (this.closed) throw new ConsoleError('unsupported', 'Fieldlink is shutting down; start it again to go on.');
    const wanted = site === null ? null : siteName(site);
    const old = this.session;
    if (wanted === old.site) return this.list();
    if (wanted !== null && !create && !(await listSites(this.options.stateDir)).includes(wanted)) {
      throw new ConsoleError(
        'not-found',
        `There is no site named "${wanted}" on this computer. Choose one from the site menu, or make it with "New site…" (CLI: any new --site NAME).`,
      );
    }
    const busy = old.rt.tasks.list().filter((t) => t.state === 'queued' || t.state === 'running');
    if (busy.length > 0) {
      const what = busy
        .slice(0, 3)
        .map((t) => t.title)
        .join(', ');
      throw new ConsoleError(
        'conflict',
        `${busy.length === 1 ? 'A task is' : `${busy.length} tasks are`} still running on this site (${what}${busy.length > 3 ? ', …' : ''}). Wait for ${busy.length === 1 ? 'it' : 'them'} to end or cancel ${busy.length === 1 ? 'it' : 'them'}, then switch sites.`,
      );
    }
    const dir = siteStateDir(this.options.stateDir, wanted);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const next = await openSiteSession(this.options, wanted);
    for (const off of this.forwarding) off();
    this.adopt(next);
    // A new site takes the networks the laptop is on now as its own (SiteNetworks.check), so it suggests nothing.
    await this.networks.check(networksOf(this.interfaces())).catch(() => []);
    await old.rt.close().catch((err: unknown) => this.options.logger?.warn('closing the previous site failed', { error: err }));
    this.options.logger?.info('site switched', { from: old.site ?? '(default)', to: wanted ?? '(default)' });
    const view = await this.list();
    this.bus.emit('site.changed', view);
    // Settings are the site's too: listeners of settings alone (the desktop shell's theme) follow the switch.
    this.bus.emit('settings.changed', next.rt.settings.get());
    return view;
  }

  private adopt(session: SiteSession): void {
    this.session = session;
    this.networks = new SiteNetworks(session.dir, (p) => this.options.logger?.warn('state file problem', { file: p.file, problem: p.message }));
    this.forwarding = eventNames
      .filter((name) => name !== 'site.changed')
      .map((name) =>
        session.rt.bus.on(name, (payload) => {
          if (this.session === session) this.bus.emit(name, payload as never);
        }),
      );
  }
}
