// A task's readiness check stands on a full check made a moment before (the CLI reads a host, then starts its task),
// but never on one that failed, and never on one older than a few seconds: each check is several round trips, which
// a slow link makes long, and a stale one could hide a host that changed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { paths } from '../../../shared/local-api/types';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { defaultRoutes, startFakeHost, type FakeHost } from '../../test-kit/core/fake-host';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  vi.useRealTimers();
  while (open.length) await open.pop()!.close();
});

async function setup(): Promise<{ h: Harness; host: FakeHost }> {
  const host = await startFakeHost({ routes: defaultRoutes() });
  // Beats ten minutes apart: every request the host sees comes from the calls under test.
  const h = await startHarness({ user: 'kairos', password: 'kairos', trustNew: true, timing: { beatMs: 600_000 } });
  open.push(host, h);
  return { h, host };
}

const identityReads = (host: FakeHost) => host.requests.filter((r) => r.method === 'GET' && r.path === paths.currentHost).length;

describe('readiness before a task', () => {
  it('asks nothing again right after a full check that went well', async () => {
    const { h, host } = await setup();
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    expect(view.access).toBe('ok');
    const before = host.requests.length;
    expect(identityReads(host)).toBe(1);

    const ready = await h.core.context.hosts.ensureReady(view.id);

    expect(ready).toMatchObject({ id: view.id, access: 'ok', online: true });
    expect(host.requests.length).toBe(before);
  });

  it('counts from the end of the check: on a slow link the check itself takes longer than the window', async () => {
    const { h, host } = await setup();
    for (const path of [paths.currentHost, paths.settings]) {
      const route = host.routes.get(`GET ${path}`)!;
      host.set('GET', path, async (req) => {
        await new Promise((resolve) => setTimeout(resolve, 1_700));
        return route(req);
      });
    }
    const started = Date.now();
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    expect(Date.now() - started).toBeGreaterThan(3_000);
    const before = host.requests.length;

    await h.core.context.hosts.ensureReady(view.id);

    expect(host.requests.length).toBe(before);
  });

  it('checks again once the last check is a few seconds old', async () => {
    const { h, host } = await setup();
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3_500);

    await h.core.context.hosts.ensureReady(view.id);

    expect(identityReads(host)).toBe(2);
  });

  it('checks again when the credentials changed after the check', async () => {
    const { h, host } = await setup();
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    await h.core.handlers['credentials.setSite']({ username: 'kairos', password: 'kairos' });

    await h.core.context.hosts.ensureReady(view.id);

    expect(identityReads(host)).toBe(2);
  });

  it('checks again after a check that failed, and reports what it finds', async () => {
    const { h, host } = await setup();
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    host.set('GET', paths.currentHost, () => ({ status: 500, body: { code: 'Internal', message: 'disk full' } }));
    await h.core.handlers['hosts.refresh']({ hostId: view.id });
    expect(identityReads(host)).toBe(2);

    await expect(h.core.context.hosts.ensureReady(view.id)).rejects.toThrow(/disk full|500/);
    expect(identityReads(host)).toBe(3);
  });
});
