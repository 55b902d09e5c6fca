// Switching sites in a running core: the old site's hosts stop being contacted, the new one's are worked on with
// its own pins and credentials, and coming back finds everything as it was left.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SitesView } from '../../../shared/contract';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { startFakeHost, type FakeHost } from '../../test-kit/core/fake-host';
import { waitFor } from '../../test-kit/core/wait';
import { MemoryVault } from '../vault';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function trusted(h: Harness, fake: FakeHost): Promise<void> {
  const added = await h.core.handlers['hosts.add']({ address: fake.url });
  await h.core.handlers['certificates.trust']({ hostId: added.id, fingerprint: added.offeredFingerprint! });
  await h.waitHost(fake.url, (v) => v.access === 'ok', 15_000, `${fake.url} signed in`);
}

async function setup(): Promise<{ h: Harness; a: FakeHost; b: FakeHost; changes: SitesView[] }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-switch-'));
  open.push({ close: () => rm(root, { recursive: true, force: true }) });
  const a = await startFakeHost();
  open.push(a);
  const b = await startFakeHost();
  open.push(b);
  const h = await startHarness({ stateDir: root, site: 'alpha', vault: new MemoryVault(), user: 'kairos', password: 'kairos' });
  open.push({ close: () => h.core.close() });
  const changes: SitesView[] = [];
  h.core.on('site.changed', (v) => changes.push(v));
  return { h, a, b, changes };
}

describe('switching sites', () => {
  it('leaves the old site alone, works on the new one, and finds the old one as it was on coming back', async () => {
    const { h, a, b, changes } = await setup();
    await trusted(h, a);

    await expect(h.core.handlers['sites.switch']({ site: 'bravo' })).rejects.toMatchObject({ code: 'not-found' });
    const view = await h.core.handlers['sites.switch']({ site: 'Bravo', create: true });
    expect(view).toMatchObject({ current: 'bravo', sites: ['alpha', 'bravo'], hostCounts: { alpha: 1, bravo: 0 } });
    expect(changes).toEqual([view]);
    // Bravo's own settings are announced too (the desktop shell's theme follows them).
    expect(h.events.filter((e) => e.name === 'settings.changed').at(-1)?.payload).toEqual(await h.core.handlers['settings.get']({}));
    expect(await h.hosts()).toEqual([]);
    expect(await h.core.handlers['credentials.status']({})).toMatchObject({ siteSet: false });
    expect(await h.core.handlers['app.info']({})).toMatchObject({ site: 'bravo' });

    const aSeen = a.requests.length;
    await h.core.handlers['credentials.setSite']({ username: 'kairos', password: 'kairos' });
    await trusted(h, b);
    // Several beats of bravo's polling go by; alpha's host hears nothing in the meantime.
    const bSeen = b.requests.length;
    await waitFor(() => b.requests.length >= bSeen + 3, { timeoutMs: 20_000, what: 'bravo polled its host three more times' });
    expect(a.requests.length).toBe(aSeen);

    const back = await h.core.handlers['sites.switch']({ site: 'alpha' });
    expect(back).toMatchObject({ current: 'alpha', hostCounts: { alpha: 1, bravo: 1 } });
    expect(await h.core.handlers['credentials.status']({})).toMatchObject({ siteSet: true, siteUser: 'kairos' });
    const hosts = await h.hosts();
    expect(hosts.map((v) => v.address + ':' + v.port)).toEqual([new URL(a.url).host]);
    await h.waitHost(a.url, (v) => v.access === 'ok', 15_000, 'alpha host signed in again without a new trust');
  });

  it('refuses to switch while a task runs, and says what to do', async () => {
    const { h } = await setup();
    let finish!: () => void;
    const task = h.core.context.tasks.start({ kind: 'probe', title: 'Probe 10.0.0.0/24', run: () => new Promise<void>((r) => (finish = r)) });
    await expect(h.core.handlers['sites.switch']({ site: 'bravo', create: true })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/still running on this site \(Probe 10\.0\.0\.0\/24\).*then switch sites/),
    });
    expect((await h.core.handlers['sites.list']({})).current).toBe('alpha');
    finish();
    await h.core.context.tasks.settled(task.id);
    expect((await h.core.handlers['sites.switch']({ site: 'bravo', create: true })).current).toBe('bravo');
  });

  it('switches back to the state folder itself (no site named)', async () => {
    const { h } = await setup();
    const view = await h.core.handlers['sites.switch']({ site: null });
    expect(view.current).toBeNull();
    expect(await h.core.handlers['app.info']({})).toMatchObject({ site: null, stateDir: h.stateDir });
  });
});
