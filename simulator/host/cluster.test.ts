// Clusters make hosts In-Use, refuse unlinks and move leadership; the console relies on each of these.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths, type V1Cluster, type V1EdgeHostInfo, type V1LinkStatus } from '../../shared/local-api/types';
import type { Site } from '../site';
import type { ApiClient } from '../test-kit/client';
import { clientsFor, generating, link, testSite, waitFor } from '../test-kit/site-helpers';

const clusterState = async (client: ApiClient) => {
  const res = await client.get<V1Cluster>(paths.clusterDetails);
  return res.status === 404 ? 'none' : res.body.status?.clusterState;
};
const hostState = async (client: ApiClient) => (await client.get<V1EdgeHostInfo>(paths.currentHost)).body.spec?.hostInfo?.hostState;

describe('cluster lifecycle: In-Use and back to Ready, leader after a delete', () => {
  let site: Site;
  let a: ApiClient;
  let b: ApiClient;
  let c: ApiClient;
  let solo: ApiClient;

  beforeAll(async () => {
    site = await testSite({ hosts: 4, tokenIntervalSec: 60 });
    [a, b, c, solo] = (await clientsFor(site)) as [ApiClient, ApiClient, ApiClient, ApiClient];
    await link(a, b);
    await link(a, c);
  });
  afterAll(() => site?.stop());

  it('has no cluster at first', async () => {
    const res = await a.get(paths.clusterDetails);
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(/no cluster/);
  });

  it('refuses to create the cluster on a follower', async () => {
    const res = await b.post(paths.cluster, { json: {} });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/on the leader/);
  });

  it('refuses a cluster with a host that is not linked', async () => {
    const body = { spec: { cloudConfig: { spec: { machinePoolConfig: [{ isControlPlane: true, hosts: [{ hostUid: site.hosts[3]!.id }] }] } } } };
    const res = await a.post(paths.cluster, { json: body });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/not linked/);
  });

  it('creates a cluster on the leader: Provisioning, then Running, every node In-Use', async () => {
    const res = await a.post(paths.cluster, { json: { metadata: { name: 'line-1' } } });
    expect(res.status).toBe(202);
    expect(res.body.message).toMatch(/line-1/);
    expect(await clusterState(a)).toBe('Provisioning');
    await waitFor('Running everywhere', async () => {
      const states = await Promise.all([a, b, c].map(clusterState));
      return states.every((s) => s === 'Running') ? true : undefined;
    });
    for (const client of [a, b, c]) expect(await hostState(client)).toBe('In-Use');
    const details = await b.get<V1Cluster>(paths.clusterDetails);
    expect(details.body.metadata?.name).toBe('line-1');
    expect(details.body.spec?.hostIDs?.sort()).toEqual(
      site.hosts
        .slice(0, 3)
        .map((h) => h.id)
        .sort(),
    );
    expect(details.body.spec?.nodePools?.[0]?.hosts?.map((h) => h.hostAddress)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    const peers = await waitFor('peers In-Use with their new host info', async () => {
      const res = await a.get<V1LinkStatus>(paths.linkStatus);
      const all = res.body.peers ?? [];
      return all.every((p) => p.status === 'In-Use' && p.config?.spec?.hostInfo?.hostState === 'In-Use') ? all : undefined;
    });
    expect(peers.map((p) => p.nodeRole)).toEqual(['controlplane', 'controlplane']);
    expect((await a.post(paths.cluster, { json: {} })).status).toBe(409);
  });

  it('refuses to unlink In-Use hosts and to stop token generation while the cluster exists', async () => {
    const fromLeader = await a.post(paths.unlink, { query: { peerId: site.hosts[1]!.id } });
    expect(fromLeader.status).toBe(409);
    expect(fromLeader.body.message).toMatch(/In-Use/);
    const onFollower = await c.post(paths.unlink, { query: { peerId: site.hosts[2]!.id } });
    expect(onFollower.status).toBe(409);
    const stop = await a.delete(paths.linkToken);
    expect(stop.status).toBe(409);
    expect(stop.body.message).toMatch(/cluster/);
  });

  it('makes every control-plane node a token generator while the cluster runs', async () => {
    await waitFor('tokens on every node', async () => {
      const states = await Promise.all([a, b, c].map(generating));
      return states.every(Boolean) ? true : undefined;
    });
    expect((await b.post(paths.generateToken)).status).toBe(200);
  });

  it('deletes the cluster from a follower: all Ready, still linked, that host is now the one leader', async () => {
    const res = await c.delete(paths.cluster);
    expect(res.status).toBe(202);
    expect(await clusterState(c)).toBe('Deleting');
    expect((await c.delete(paths.cluster)).status).toBe(409);
    await waitFor('cluster gone everywhere', async () => {
      const states = await Promise.all([a, b, c].map(clusterState));
      return states.every((s) => s === 'none') ? true : undefined;
    });
    for (const client of [a, b, c]) expect(await hostState(client)).toBe('Ready');

    const onNewLeader = await waitFor('c leads', async () => {
      const res = await c.get<V1LinkStatus>(paths.linkStatus);
      return res.body.peers?.length === 2 && res.body.peers.every((p) => p.role === 'follower') ? res.body : undefined;
    });
    expect(onNewLeader.peers?.map((p) => p.id).sort()).toEqual([site.hosts[0]!.id, site.hosts[1]!.id].sort());
    for (const follower of [a, b]) {
      const st = await follower.get<V1LinkStatus>(paths.linkStatus);
      expect(st.body.peers?.map((p) => [p.id, p.role])).toEqual([[site.hosts[2]!.id, 'leader']]);
    }
    await waitFor('only c generates tokens', async () => {
      const states = await Promise.all([a, b, c].map(generating));
      return states.join() === 'false,false,true' ? true : undefined;
    });
    // The new leader unlinks the former one, which is a follower now.
    expect((await c.post(paths.unlink, { query: { peerId: site.hosts[0]!.id } })).status).toBe(200);
    expect((await a.get(paths.linkStatus)).status).toBe(404);
  });

  it('deletes the single-node cluster of an In-Use host', async () => {
    expect((await solo.post(paths.cluster, { json: {} })).status).toBe(202);
    await waitFor('solo Running', async () => ((await clusterState(solo)) === 'Running' ? true : undefined));
    expect(await hostState(solo)).toBe('In-Use');
    expect(await generating(solo)).toBe(false);
    expect((await solo.delete(paths.cluster)).status).toBe(202);
    await waitFor('solo Ready', async () => ((await hostState(solo)) === 'Ready' ? true : undefined));
  });
});
