// Issue 12: forget means forget. The pin, the host's own credentials and the saved entry go; the next contact asks
// for trust again and sends nothing before. Stale hosts go the same way, all at once.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness } from '../../test-kit/core/core-harness';
import { startFakeHost } from '../../test-kit/core/fake-host';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe('hosts.forget', () => {
  it('drops the pin, the per-host credentials and the saved entry; the next contact asks again', async () => {
    const fake = await startFakeHost();
    open.push(fake);
    const h = await startHarness({ user: 'kairos', password: 'kairos' });
    open.push(h);
    const added = await h.core.handlers['hosts.add']({ address: fake.url });
    await h.core.handlers['certificates.trust']({ hostId: added.id, fingerprint: added.offeredFingerprint! });
    const ok = await h.waitHost(fake.url, (v) => v.access === 'ok');
    await h.core.handlers['credentials.setHost']({ hostId: ok.id, username: 'kairos', password: 'kairos' });
    expect((await h.core.handlers['credentials.status']({})).hostOverrides).toEqual([ok.id]);

    await h.core.handlers['hosts.forget']({ hostId: ok.id });
    expect(await h.hosts()).toEqual([]);
    expect((await h.core.handlers['credentials.status']({})).hostOverrides).toEqual([]);
    const loginsBefore = fake.requests.filter((r) => r.path.includes('login')).length;

    const again = await h.core.handlers['hosts.add']({ address: fake.url });
    expect(again.access).toBe('needs-trust');
    expect(again.fingerprint).toBeNull();
    expect(again.credentialOverride).toBe(false);
    await new Promise((r) => setTimeout(r, 1_200)); // two beats: still nothing sent
    expect((await h.host(fake.url)).access).toBe('needs-trust');
    expect(fake.requests.filter((r) => r.path.includes('login')).length).toBe(loginsBefore);

    await h.core.close();
    const pins = JSON.parse(await readFile(path.join(h.stateDir, 'certificates.json'), 'utf8')) as { pins: unknown[] };
    expect(pins.pins).toEqual([]);
  });
});

describe('hosts.forgetStale', () => {
  it('forgets every host not seen for the set number of days, and keeps the others', async () => {
    const h0 = await startHarness();
    const stateDir = h0.stateDir;
    await h0.core.close();
    const day = 24 * 60 * 60 * 1000;
    const known = (n: number, lastSeen: number, pinned = false) => ({
      key: `10.9.0.${n}:5080`,
      confirmedId: null,
      claimedId: null,
      name: `old-${n}`,
      address: `10.9.0.${n}`,
      port: 5080,
      sources: ['manual'],
      lastSeen,
      pinned,
      facts: null,
    });
    await writeFile(
      path.join(stateDir, 'hosts.json'),
      JSON.stringify({ version: 1, hosts: [known(1, Date.now() - 30 * day), known(2, Date.now() - 30 * day, true), known(3, Date.now() - day)] }),
    );
    const h = await startHarness({ stateDir, timing: { beatMs: 60_000 } });
    open.push({ close: () => rm(stateDir, { recursive: true, force: true }) }, h);
    await h.core.handlers['settings.set']({ staleDays: 7 });
    const { forgotten } = await h.core.handlers['hosts.forgetStale']({});
    expect(forgotten).toEqual(['10.9.0.1:5080']);
    expect((await h.hosts()).map((v) => v.name).sort()).toEqual(['old-2', 'old-3']);
  });
});
