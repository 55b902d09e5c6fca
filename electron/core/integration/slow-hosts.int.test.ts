// Slow hosts are not dead ones: small edge hardware under load, or busy syncing a multi-GB bundle, may take seconds
// to answer. With the shipped beat, a host that answers every request after 3 s stays online and actions on it
// wait for it; a host that refuses connections is offline after a few misses, within about a second.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { defaultRoutes, startFakeHost, type FakeHost, type FakeRoute } from '../../test-kit/core/fake-host';

const ID = `edge-${'5e'.repeat(16)}`;
const DELAY_MS = 3_000;
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

const delayed =
  (route: FakeRoute): FakeRoute =>
  async (req) => {
    await new Promise((resolve) => setTimeout(resolve, DELAY_MS));
    return route(req);
  };

async function slowHost(): Promise<FakeHost> {
  const routes = defaultRoutes(ID, 'slow-edge');
  routes.set('POST /v1/edge-mgmt/edgehosts/current/link/generate-token', () => ({ body: { token: 'c2xvdy10b2tlbg==', interval: 120, remainingTime: 100 } }));
  for (const [key, route] of routes) routes.set(key, delayed(route));
  const host = await startFakeHost({ routes });
  open.push(host);
  return host;
}

async function harness(): Promise<Harness> {
  // The shipped beat (timing {}): the point is the real thresholds.
  const h = await startHarness({ user: 'kairos', password: 'kairos', trustNew: true, timing: {} });
  open.push(h);
  return h;
}

describe('slow hosts', () => {
  it('keeps a host that answers in 3 s online, and an action on it waits for it', async () => {
    const host = await slowHost();
    const h = await harness();
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    expect(view).toMatchObject({ online: true, access: 'ok', id: ID });
    const started = Date.now();
    const changes: boolean[] = [];
    h.core.on('hosts.changed', (p) => {
      for (const v of (p as { upserted: { id: string; online: boolean }[] }).upserted) if (v.id === ID) changes.push(v.online);
    });
    const task = await h.runTask(h.core.handlers['link.makeLeader']({ hostId: ID }));
    expect(task.state, JSON.stringify(task.hosts)).toBe('succeeded');
    expect(Date.now() - started).toBeGreaterThanOrEqual(DELAY_MS);
    // Several beats went by meanwhile, each answered late: never shown offline.
    expect(changes).not.toContain(false);
    expect((await h.host(ID)).online).toBe(true);
  }, 60_000);

  it('shows a host that refuses connections offline after a few quick misses', async () => {
    const routes = defaultRoutes(ID, 'gone-edge');
    const host = await startFakeHost({ routes });
    const h = await harness();
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    expect(view.online).toBe(true);
    await host.close();
    const since = Date.now();
    const off = await h.waitHost(view.id, (v) => !v.online, 10_000, 'offline');
    expect(Date.now() - since).toBeLessThan(5_000);
    expect(off.access).toBe('unreachable');
  });
});
