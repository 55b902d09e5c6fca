// Each fault does what its name says, per host and for a whole site, so console tests can rely on them.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import got from 'got';
import { paths, type V1EdgeHostInfo, type V1LinkStatus } from '../../shared/local-api/types';
import type { Site } from '../site';
import { ApiClient } from '../test-kit/client';
import { clientsFor, link, testSite, waitFor } from '../test-kit/site-helpers';

/** What a new TCP connection to the port meets (a keep-alive client could meet a reset socket instead). */
const connectError = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });

const admin = <T = any>(method: 'GET' | 'POST' | 'DELETE', url: string, json?: unknown) =>
  got(url, { method, ...(json !== undefined ? { json } : {}), responseType: 'json', throwHttpErrors: false, retry: { limit: 0 } }).then((r) => ({
    status: r.statusCode,
    body: r.body as T,
  }));

describe('faults, switchable per host', () => {
  let site: Site;
  let clients: ApiClient[];

  beforeAll(async () => {
    site = await testSite({ hosts: 3, tokenIntervalSec: 60 });
    clients = await clientsFor(site);
  });
  beforeEach(() => {
    for (const host of site.hosts) host.faults.clear();
  });
  afterAll(() => site?.stop());

  it('adds latency to every request', async () => {
    site.hosts[0]!.faults.set({ latencyMs: 1500 });
    const started = Date.now();
    const order: string[] = [];
    // Only the slowed host waits: the other one, asked at the same moment, answers first (an order, not a race
    // against the clock on a loaded machine).
    const slow = clients[0]!.get(paths.ping).then((res) => (order.push('slow'), res));
    const fast = clients[1]!.get(paths.ping).then((res) => (order.push('fast'), res));
    expect((await Promise.all([slow, fast])).map((res) => res.status)).toEqual([200, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1490);
    expect(order).toEqual(['fast', 'slow']);
  });

  it('answers errors with a v1Error at the given rate and status', async () => {
    site.hosts[0]!.faults.set({ errorRate: 1, errorStatus: 503 });
    const res = await clients[0]!.get(paths.currentHost);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'SimulatedFault' });
    site.hosts[0]!.faults.set({ errorRate: 0.5, errorStatus: 500 });
    const statuses = await Promise.all(Array.from({ length: 60 }, () => clients[0]!.get(paths.ping).then((r) => r.status)));
    const failed = statuses.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(10);
    expect(failed).toBeLessThan(50);
    expect(statuses.filter((s) => s !== 500).every((s) => s === 200)).toBe(true);
  });

  it('resets the connection in the middle of a response body', async () => {
    site.hosts[0]!.faults.set({ resetAfterBytes: 100 });
    await expect(clients[0]!.get(paths.currentHost)).rejects.toThrow(/aborted|reset|hang up|premature|ended/i);
    site.hosts[0]!.faults.clear();
    expect((await clients[0]!.get<V1EdgeHostInfo>(paths.currentHost)).body.metadata?.id).toBe(site.hosts[0]!.id);
  });

  it('resets the connection in the middle of an upload and keeps nothing of it', async () => {
    site.hosts[0]!.faults.set({ resetAfterBytes: 256 * 1024 });
    const form = new FormData();
    form.append('uploadFile', new Blob([randomBytes(2 * 1024 * 1024)]), 'cut.tar.zst');
    await expect(clients[0]!.post(paths.uploadContent, { form })).rejects.toThrow();
    site.hosts[0]!.faults.clear();
    expect((await clients[0]!.get(paths.uploadedContent)).status).toBe(404);
  });

  it('goes down like a crash and comes back on the same port with the same identity and sessions', async () => {
    const host = site.hosts[1]!;
    const before = { id: host.id, port: host.port, fingerprint: host.fingerprint };
    await host.down();
    try {
      expect(await connectError(host.port)).toBe('ECONNREFUSED');
    } finally {
      await host.up();
    }
    expect({ id: host.id, port: host.port, fingerprint: host.fingerprint }).toEqual(before);
    const res = await clients[1]!.get<V1EdgeHostInfo>(paths.currentHost);
    expect(res.status).toBe(200);
    expect(res.body.metadata?.id).toBe(before.id);
  });

  it('shows a down follower as Unhealthy on its leader, and Healthy again once it is up', async () => {
    await link(clients[0]!, clients[2]!);
    await site.hosts[2]!.down();
    const down = await waitFor('follower Unhealthy', async () => {
      const peer = (await clients[0]!.get<V1LinkStatus>(paths.linkStatus)).body.peers?.[0];
      return peer?.health?.status === 'Unhealthy' ? peer : undefined;
    });
    expect(down.health?.reason).toMatch(/refused|reset|cannot reach/i);
    await site.hosts[2]!.up();
    await waitFor('follower Healthy', async () => {
      const peer = (await clients[0]!.get<V1LinkStatus>(paths.linkStatus)).body.peers?.[0];
      return peer?.health?.status === 'Healthy' ? true : undefined;
    });
  });

  it('shows a down leader as Unhealthy on its follower', async () => {
    await site.hosts[0]!.down();
    try {
      const leader = await waitFor(
        'leader Unhealthy',
        async () => {
          const peer = (await clients[2]!.get<V1LinkStatus>(paths.linkStatus)).body.peers?.[0];
          return peer?.health?.status === 'Unhealthy' ? peer : undefined;
        },
        10_000,
        200,
      );
      expect(leader.health?.reason).toMatch(/no heartbeat from the leader/);
    } finally {
      await site.hosts[0]!.up();
    }
  });

  describe('over the admin HTTP interface', () => {
    it('sets and clears faults, and shows the host state', async () => {
      const host = site.hosts[1]!;
      expect(host.admin).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/hosts/${host.id}$`));
      expect(new URL(host.admin).port).not.toBe(String(host.port));
      const set = await admin('POST', `${host.admin}/faults`, { latencyMs: 10, errorRate: 0.25, errorStatus: 502, resetAfterBytes: 1000 });
      expect(set.status).toBe(200);
      expect(set.body).toEqual({ latencyMs: 10, errorRate: 0.25, errorStatus: 502, resetAfterBytes: 1000 });
      expect(host.faults.get().errorStatus).toBe(502);
      expect((await admin('POST', `${host.admin}/faults`, { errorRate: 2 })).status).toBe(400);
      expect((await admin('POST', `${host.admin}/faults`, { latency: 5 })).status).toBe(400);
      expect((await admin('DELETE', `${host.admin}/faults`)).body.errorRate).toBe(0);
      const state = await admin('GET', `${host.admin}/state`);
      expect(state.body).toMatchObject({ id: host.id, up: true, hostState: 'Ready', role: 'standalone', fingerprint: host.fingerprint });
      const list = await admin('GET', `${site.admin}/hosts`);
      expect(list.body.hosts.map((h: { id: string }) => h.id)).toEqual(site.hosts.map((h) => h.id));
      expect((await admin('GET', `${site.admin}/hosts/nobody/state`)).status).toBe(404);
    });

    it('takes a host down and up', async () => {
      const host = site.hosts[1]!;
      expect((await admin('POST', `${host.admin}/down`)).body.up).toBe(false);
      expect(await connectError(host.port)).toBe('ECONNREFUSED');
      expect((await admin('POST', `${host.admin}/up`)).body.up).toBe(true);
      expect((await new ApiClient(host).get(paths.ping)).status).toBe(200);
    });

    it("refuses to change a linked host's address, and moves an unlinked one", async () => {
      const linked = site.hosts[2]!;
      const refused = await admin('POST', `${linked.admin}/address`, { address: '127.0.0.3' });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/linked host's IP address cannot change/);
      expect(linked.address).toBe('127.0.0.1');

      const free = site.hosts[1]!;
      const moved = await admin('POST', `${free.admin}/address`, { address: '127.0.0.2' });
      expect(moved.status).toBe(200);
      expect(free.url).toBe(`https://127.0.0.2:${free.port}`);
      const client = await new ApiClient(free).login();
      const info = await client.get<V1EdgeHostInfo>(paths.currentHost);
      expect(info.body.spec?.networkInfo?.[0]?.ip).toBe('127.0.0.2');
      await free.setAddress('127.0.0.1');
      expect((await new ApiClient(free).get(paths.ping)).status).toBe(200);
    });
  });
});

describe('faults for the whole site', () => {
  let site: Site;

  beforeAll(async () => {
    site = await testSite({ hosts: 2, faults: { latencyMs: 300 } });
  });
  afterAll(() => site?.stop());

  const timed = async (client: ApiClient) => {
    const started = performance.now();
    const res = await client.get(paths.currentHost);
    return { status: res.status, ms: performance.now() - started };
  };

  it('starts every host with the faults given to startSite', async () => {
    const clients = await clientsFor(site);
    for (const client of clients) {
      const { status, ms } = await timed(client);
      expect(status).toBe(200);
      expect(ms).toBeGreaterThanOrEqual(290);
    }
    expect(site.hosts.map((h) => h.faults.get().latencyMs)).toEqual([300, 300]);
  });

  it('changes every host at once, from the library and from the admin port', async () => {
    site.faults.set({ latencyMs: 0 });
    expect(site.hosts.map((h) => h.faults.get().latencyMs)).toEqual([0, 0]);
    const set = await admin<{ hosts: Array<{ id: string; faults: { latencyMs: number } }> }>('POST', `${site.admin}/faults`, { latencyMs: 250 });
    expect(set.status).toBe(200);
    expect(set.body.hosts.map((h) => [h.id, h.faults.latencyMs])).toEqual(site.hosts.map((h) => [h.id, 250]));
    const client = await new ApiClient(site.hosts[1]!).login();
    expect((await timed(client)).ms).toBeGreaterThanOrEqual(240);
    expect((await admin('POST', `${site.admin}/faults`, { latencyMs: -1 })).status).toBe(400);
    expect((await admin('DELETE', `${site.admin}/faults`)).status).toBe(200);
    expect(site.hosts.map((h) => h.faults.get().latencyMs)).toEqual([0, 0]);
  });

  it('refuses faults that are not valid at start', async () => {
    await expect(testSite({ hosts: 1, faults: { latencyMs: -5 } })).rejects.toThrow(/faults are not valid/);
  });
});
