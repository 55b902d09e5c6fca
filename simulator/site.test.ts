// startSite's options, site files and restarts, as tests and demos use them.
import { access } from 'node:fs/promises';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { paths, type V1EdgeHostInfo } from '../shared/local-api/types';
import { startSite, type SiteHostSpec, type StartSiteOptions } from './site';
import { ApiClient } from './test-kit/client';
import { testSite } from './test-kit/site-helpers';

/** A run of `count` consecutive free ports, found by binding and releasing them. */
async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const servers: net.Server[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const server = net.createServer();
        await new Promise<void>((resolve, reject) => server.once('error', reject).listen(base + i, '127.0.0.1', () => resolve()));
        servers.push(server);
      }
      return base;
    } catch {
      // taken: try another range
    } finally {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    }
  }
  throw new Error('no free port range');
}

describe('startSite', () => {
  it('puts host i on basePort + i', async () => {
    const base = await freePorts(3);
    const site = await testSite({ hosts: 3, basePort: base });
    try {
      expect(site.hosts.map((h) => h.port)).toEqual([base, base + 1, base + 2]);
      expect(site.hosts.map((h) => h.url)).toEqual([0, 1, 2].map((i) => `https://127.0.0.1:${base + i}`));
    } finally {
      await site.stop();
    }
  });

  it('fails clearly, and cleans up, when a port is taken', async () => {
    const first = await testSite({ hosts: 1 });
    try {
      await expect(testSite({ hosts: 2, basePort: first.hosts[0]!.port - 1 })).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+/);
      await expect(testSite({ hosts: 1, basePort: first.hosts[0]!.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.stop();
    }
  });

  it('refuses a site description that does not fit', async () => {
    await expect(startSite({ hosts: 1, site: [{}, {}] })).rejects.toThrow(/describes 2 hosts but only 1/);
    await expect(startSite({ hosts: 0 })).rejects.toThrow(/positive integer/);
    const wrong = [{ mode: 'kiosk' }] as unknown as SiteHostSpec[];
    await expect(startSite({ hosts: 1, site: wrong })).rejects.toThrow(/hosts\[0\]\.mode/);
    await expect(startSite({ hosts: 2, site: [{ name: 'a' }, { name: 'A' }] })).rejects.toThrow(/unique/);
  });

  it('refuses an unknown profile, unlink rule or token format, saying what it accepts', async () => {
    const bad = (options: Record<string, unknown>) => startSite({ hosts: 1, mdnsInterface: false, ...options } as StartSiteOptions);
    await expect(bad({ profile: 'real' })).rejects.toThrow(/profile must be 'full' or 'spec', got real/);
    await expect(bad({ unlinkPeerId: 'anyone' })).rejects.toThrow(/unlinkPeerId must be 'own', 'leader' or 'either'/);
    await expect(bad({ specTokenFormat: 'json' })).rejects.toThrow(/specTokenFormat must be 'address' or 'opaque'/);
  });

  it('says which profile it plays', async () => {
    const full = await testSite({ hosts: 1 });
    const spec = await testSite({ hosts: 1, profile: 'spec' });
    try {
      expect([full.profile, spec.profile]).toEqual(['full', 'spec']);
    } finally {
      await full.stop();
      await spec.stop();
    }
  });

  it('removes its temporary data directory on stop, and stop can be called twice', async () => {
    const site = await testSite({ hosts: 1 });
    await access(site.dataDir);
    await site.stop();
    await site.stop();
    await expect(access(site.dataDir)).rejects.toThrow(/ENOENT/);
  });

  it('listens on another loopback address when told to', async () => {
    const site = await testSite({ hosts: 1, bindAddress: '127.0.0.5' });
    try {
      const host = site.hosts[0]!;
      expect(host.url).toBe(`https://127.0.0.5:${host.port}`);
      const info = await (await new ApiClient(host).login()).get<V1EdgeHostInfo>(paths.currentHost);
      expect(info.body.spec?.networkInfo?.[0]?.ip).toBe('127.0.0.5');
      expect(host.admin.startsWith('http://127.0.0.5:')).toBe(true);
    } finally {
      await site.stop();
    }
  });
});
