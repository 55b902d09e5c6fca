// mDNS announcements on loopback: who is announced, who falls silent, who says goodbye.
import { Bonjour, type Service } from 'bonjour-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MDNS_SERVICE_TYPE } from '../shared/local-api/types';
import type { Site } from './site';
import { testSite, waitFor } from './test-kit/site-helpers';

/** A browser pinned to loopback; other test files may announce at the same time, so results are filtered by id. */
function loopbackBrowser(ids: Set<string>) {
  const options = { interface: '127.0.0.1', bind: '0.0.0.0' } as unknown as ConstructorParameters<typeof Bonjour>[0];
  const bonjour = new Bonjour(options, () => undefined);
  const up = new Map<string, Service>();
  const down = new Set<string>();
  const browser = bonjour.find({ type: MDNS_SERVICE_TYPE });
  browser.on('up', (service: Service) => {
    const id = String(service.txt?.id ?? '');
    if (ids.has(id)) up.set(id, service);
  });
  browser.on('down', (service: Service) => {
    const id = String(service.txt?.id ?? '');
    if (ids.has(id)) down.add(id);
  });
  return {
    up,
    down,
    requery: () => browser.update(),
    close: () =>
      new Promise<void>((resolve) => {
        browser.stop();
        bonjour.destroy(() => resolve());
      }),
  };
}

describe('mDNS announcements on loopback', () => {
  let site: Site;
  let ids: Set<string>;
  const browsers: Array<ReturnType<typeof loopbackBrowser>> = [];
  const browse = () => {
    const b = loopbackBrowser(ids);
    browsers.push(b);
    return b;
  };

  beforeAll(async () => {
    site = await testSite({ hosts: 3, mdnsInterface: '127.0.0.1', site: [{}, { mode: 'agent', agentVersion: 'v4.6.1' }, {}] });
    ids = new Set(site.hosts.map((h) => h.id));
  });
  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await site?.stop();
  });

  it('announces every host with its name, port, address and TXT record', async () => {
    const b = browse();
    await waitFor('all three hosts', async () => (b.up.size === 3 ? true : undefined), 8000);
    for (const host of site.hosts) {
      const service = b.up.get(host.id)!;
      expect(service.name).toBe(host.name);
      expect(service.port).toBe(host.port);
      expect(service.addresses).toEqual(['127.0.0.1']);
      expect(service.referer?.address).toBe('127.0.0.1');
    }
    expect(b.up.get(site.hosts[1]!.id)!.txt).toEqual({ id: site.hosts[1]!.id, ver: 'v4.6.1', mode: 'agent' });
    expect(b.up.get(site.hosts[0]!.id)!.txt).toMatchObject({ ver: 'v4.7.2', mode: 'appliance' });
  });

  it('stops answering for a host that goes down, without a goodbye, and answers again once it is up', async () => {
    const watcher = browse();
    await waitFor('watcher sees all', async () => (watcher.up.size === 3 ? true : undefined), 8000);
    const host = site.hosts[0]!;
    await host.down();
    const fresh = browse();
    await waitFor('a new browser sees the others', async () => (fresh.up.size === 2 ? true : undefined), 8000);
    await new Promise((r) => setTimeout(r, 1500));
    fresh.requery();
    await new Promise((r) => setTimeout(r, 500));
    expect(fresh.up.has(host.id)).toBe(false);
    expect(watcher.down.has(host.id)).toBe(false);

    await host.up();
    const again = browse();
    await waitFor('the host is back', async () => (again.up.has(host.id) ? true : undefined), 8000);
  });

  it('says goodbye for every host on a clean stop', async () => {
    const b = browse();
    await waitFor('all three hosts', async () => (b.up.size === 3 ? true : undefined), 8000);
    await site.stop();
    await waitFor('goodbyes', async () => (b.down.size === 3 ? true : undefined), 5000);
    expect([...b.down].sort()).toEqual([...ids].sort());
  });

  it('shares one responder between sites of a process; a stopped site says goodbye for its own hosts only', async () => {
    const first = await testSite({ hosts: 1, mdnsInterface: '127.0.0.1' });
    const second = await testSite({ hosts: 1, mdnsInterface: '127.0.0.1' });
    try {
      const [a, b] = [first.hosts[0]!.id, second.hosts[0]!.id];
      const watcher = loopbackBrowser(new Set([a, b]));
      browsers.push(watcher);
      await waitFor('both sites', async () => (watcher.up.size === 2 ? true : undefined), 8000);
      await first.stop();
      await waitFor('goodbye of the first site', async () => (watcher.down.has(a) ? true : undefined), 5000);
      const fresh = loopbackBrowser(new Set([a, b]));
      browsers.push(fresh);
      await waitFor('the second site still answers', async () => (fresh.up.has(b) ? true : undefined), 8000);
      expect(watcher.down.has(b)).toBe(false);
      expect(fresh.up.has(a)).toBe(false);
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it('announces nothing for a spec-only site, even when asked for an interface (a full site is the positive control)', async () => {
    const spec = await testSite({ hosts: 2, profile: 'spec', mdnsInterface: '127.0.0.1' });
    const control = await testSite({ hosts: 1, mdnsInterface: '127.0.0.1' });
    try {
      const specIds = spec.hosts.map((h) => h.id);
      const controlId = control.hosts[0]!.id;
      const watcher = loopbackBrowser(new Set([...specIds, controlId]));
      browsers.push(watcher);
      await waitFor('the control host', async () => (watcher.up.has(controlId) ? true : undefined), 8000);
      // The control host's announcement went out after both sites started: a spec host's would have too.
      watcher.requery();
      await new Promise((r) => setTimeout(r, 1000));
      expect(specIds.filter((id) => watcher.up.has(id))).toEqual([]);
    } finally {
      await spec.stop();
      await control.stop();
    }
  });
});
