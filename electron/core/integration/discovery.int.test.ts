// Discovery against simulated hosts on 127.0.0.1: mDNS (pinned to loopback), liveness, manual add, peers, a pasted
// token and the range probe. Other test files may announce on loopback at the same time: assertions only look at
// this file's own hosts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { SIM_PASSWORD, SIM_USER, startTestSite, type Site } from '../../test-kit/core/sim';
import { waitFor } from '../../test-kit/core/wait';

describe('mDNS discovery and liveness', () => {
  let site: Site;
  let h: Harness;
  beforeAll(async () => {
    site = await startTestSite({ hosts: 3, mdnsInterface: '127.0.0.1', site: [{}, { mode: 'agent' }, {}] });
    // The product's own polling periods here, so the 5 s offline promise is tested as shipped.
    h = await startHarness({ discovery: true, mdnsInterfaces: ['127.0.0.1'], timing: {} });
  });
  afterAll(async () => {
    await h?.close();
    await site?.stop();
  });

  it('finds every host by mDNS, keyed by address until it is confirmed, untrusted until trusted', async () => {
    for (const sim of site.hosts) {
      const view = await h.waitHost(sim.url, (v) => v.online && v.sources.includes('mdns'), 8_000, sim.name);
      expect(view).toMatchObject({ id: `127.0.0.1:${sim.port}`, name: sim.name, access: 'needs-trust', offeredFingerprint: sim.fingerprint, role: 'unknown' });
    }
    expect((await h.host(site.hosts[1]!.url)).mode).toBe('agent');
  });

  it('confirms ids after trust and login', async () => {
    await h.core.handlers['credentials.setSite']({ username: SIM_USER, password: SIM_PASSWORD });
    for (const sim of site.hosts) {
      const view = await h.core.handlers['certificates.trust']({ hostId: sim.url, fingerprint: sim.fingerprint });
      expect(view).toMatchObject({ id: sim.id, access: 'ok', role: 'standalone', state: 'Ready', multiNode: true, managementMode: 'local' });
    }
  });

  it('shows a host that dies without a goodbye offline within 5 s, and online again when it answers', async () => {
    const sim = site.hosts[2]!;
    await sim.down();
    const downAt = Date.now();
    const off = await h.waitHost(sim.id, (v) => !v.online, 6_000, 'offline');
    const took = Date.now() - downAt;
    expect(took).toBeLessThan(5_000);
    expect(off.access).toBe('unreachable');
    expect(off.lastSeen).not.toBeNull();
    await sim.up();
    await h.waitHost(sim.id, (v) => v.online && v.access === 'ok', 6_000, 'online again');
  });

  it('lists its interfaces with the pinned selection', async () => {
    const list = await h.core.handlers['discovery.interfaces']({});
    expect(list.find((i) => i.address === '127.0.0.1')).toMatchObject({ selected: true, internal: true });
    expect(list.filter((i) => i.selected).map((i) => i.address)).toEqual(['127.0.0.1']);
  });

  it('persists known hosts with their last-seen time', async () => {
    await h.core.close();
    const restarted = await startHarness({ stateDir: h.stateDir });
    try {
      const known = await restarted.hosts();
      for (const sim of site.hosts) {
        expect(known.find((v) => v.id === sim.id)).toMatchObject({ name: sim.name, lastSeen: expect.any(String) });
      }
    } finally {
      await restarted.core.close();
    }
  });
});

describe('interfaces and the host list', () => {
  it('reports an interface that does not exist and keeps browsing on the others', async () => {
    const h = await startHarness({ discovery: true, mdnsInterfaces: ['127.0.0.1', '203.0.113.77'] });
    try {
      const problem = await waitFor(() => h.events.find((e) => e.name === 'discovery.problem'), { what: 'discovery.problem' });
      expect(problem.payload).toMatchObject({ interface: '203.0.113.77', message: expect.stringMatching(/does not exist on this computer/) });
      await h.core.handlers['discovery.rescan']({});
      expect((await h.core.handlers['discovery.interfaces']({})).find((i) => i.address === '127.0.0.1')?.selected).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('pins a host to the top of the list and forgets a host', async () => {
    const site = await startTestSite({ hosts: 2, site: [{ name: 'zulu' }, { name: 'alpha' }] });
    const h = await startHarness({ user: SIM_USER, password: SIM_PASSWORD, trustNew: true });
    try {
      for (const sim of site.hosts) await h.core.handlers['hosts.add']({ address: sim.url });
      expect((await h.hosts()).map((v) => v.name)).toEqual(['alpha', 'zulu']);
      await h.core.handlers['hosts.pin']({ hostId: 'zulu', pinned: true });
      expect((await h.hosts()).map((v) => [v.name, v.pinned])).toEqual([
        ['zulu', true],
        ['alpha', false],
      ]);
      await h.core.handlers['hosts.forget']({ hostId: site.hosts[1]!.id });
      expect((await h.hosts()).map((v) => v.name)).toEqual(['zulu']);
      await waitFor(() => h.events.find((e) => e.name === 'hosts.changed' && (e.payload as { removed: string[] }).removed.includes(site.hosts[1]!.id)), {
        what: 'removed event',
      });
    } finally {
      await h.close();
      await site.stop();
    }
  });
});

describe('manual, peer, token and probe discovery', () => {
  let site: Site;
  beforeAll(async () => {
    site = await startTestSite({ hosts: 4 });
    // An earlier run linked the group; the console under test knows none of it.
    const setup = await startHarness({ user: SIM_USER, password: SIM_PASSWORD, trustNew: true });
    for (const sim of site.hosts) await setup.core.handlers['hosts.add']({ address: sim.url });
    const task = await setup.runTask(
      setup.core.handlers['link.followers']({ leaderId: site.hosts[0]!.id, followerIds: [site.hosts[1]!.id, site.hosts[2]!.id] }),
    );
    expect(task.state).toBe('succeeded');
    await setup.close();
  });
  afterAll(() => site?.stop());

  it('adds a host by address, and its peers from its link status', async () => {
    const h = await startHarness({ user: SIM_USER, password: SIM_PASSWORD, trustNew: true });
    try {
      const leader = site.hosts[0]!;
      const view = await h.core.handlers['hosts.add']({ address: `https://127.0.0.1:${leader.port}/` });
      expect(view).toMatchObject({ id: leader.id, sources: ['manual'], online: true, role: 'leader' });
      expect(view.peers.map((p) => p.id).sort()).toEqual([site.hosts[1]!.id, site.hosts[2]!.id].sort());
      for (const follower of site.hosts.slice(1, 3)) {
        const f = await h.waitHost(follower.id, (v) => v.access === 'ok' && v.role !== 'unknown', 8_000, follower.name);
        expect(f).toMatchObject({ sources: ['peer'], role: 'follower', leaderId: leader.id });
      }
    } finally {
      await h.close();
    }
  });

  it('adds the leader named in a pasted token, and links a host with that token', async () => {
    const setup = await startHarness({ user: SIM_USER, password: SIM_PASSWORD, trustNew: true });
    const leader = site.hosts[0]!;
    await setup.core.handlers['hosts.add']({ address: leader.url });
    const { token, leaderAddress } = await setup.core.handlers['link.token']({ hostId: leader.id });
    await setup.close();
    expect(leaderAddress).toBe(`127.0.0.1:${leader.port}`);

    const h = await startHarness({ user: SIM_USER, password: SIM_PASSWORD, trustNew: true });
    try {
      const view = await h.core.handlers['hosts.add']({ address: token });
      expect(view).toMatchObject({ url: leader.url, sources: ['token'], online: true, id: leader.id });
      // Copy-and-paste linking of a host the technician reaches, with the token of that leader.
      const follower = site.hosts[3]!;
      await h.core.handlers['hosts.add']({ address: follower.url });
      const task = await h.runTask(h.core.handlers['link.withToken']({ hostId: follower.id, token }));
      expect(task).toMatchObject({ kind: 'link', state: 'succeeded' });
      await h.waitHost(follower.id, (v) => v.role === 'follower' && v.leaderId === leader.id, 5_000, "follower of the token's leader");
      expect(JSON.stringify(h.events).includes(token)).toBe(false);
      expect(h.logs.join('\n').includes(token)).toBe(false);
    } finally {
      await h.close();
    }
  });

  it('probes an address range as a task, and refuses ranges larger than a /22', async () => {
    const h = await startHarness();
    try {
      const sim = site.hosts[1]!;
      const task = await h.runTask(h.core.handlers['discovery.probe']({ cidr: '127.0.0.0/30', port: sim.port }));
      expect(task).toMatchObject({ kind: 'probe', state: 'succeeded', progress: { done: 2, total: 2, unit: 'addresses' } });
      expect(task.phase).toBe('Found 1 host in 127.0.0.0/30');
      const found = await waitFor(async () => (await h.hosts()).find((v) => v.port === sim.port && v.online));
      expect(found.sources).toEqual(['probe']);
      await expect(h.core.handlers['discovery.probe']({ cidr: '10.0.0.0/16' })).rejects.toMatchObject({
        code: 'invalid-input',
        message: expect.stringMatching(/at most a \/22/),
      });
    } finally {
      await h.close();
    }
  });
});
