// The linking procedure of the product page, step by step, on the full profile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths, type V1LinkStatus, type V1LinkToken } from '../../shared/local-api/types';
import type { Site } from '../site';
import type { ApiClient } from '../test-kit/client';
import { clientsFor, decodeToken, freshToken, generating, link, testSite, waitFor, waitLinkStatus } from '../test-kit/site-helpers';

describe('linking between hosts over HTTPS', () => {
  let site: Site;
  let leader: ApiClient;
  let f1: ApiClient;
  let f2: ApiClient;
  let other: ApiClient;

  beforeAll(async () => {
    site = await testSite({ hosts: 4, tokenIntervalSec: 60 });
    [leader, f1, f2, other] = (await clientsFor(site)) as [ApiClient, ApiClient, ApiClient, ApiClient];
  });
  afterAll(() => site?.stop());

  it('reports no token state and no link before anything happens', async () => {
    const state = await leader.get(paths.linkToken);
    expect(state.status).toBe(200);
    expect(state.body).toEqual({ generating: false });
    expect((await leader.get(paths.linkStatus)).status).toBe(404);
  });

  it('starts token generation and returns a decodable token naming the leader', async () => {
    const res = await leader.post<V1LinkToken>(paths.generateToken);
    expect(res.status).toBe(200);
    expect(res.body.interval).toBe(60);
    expect(res.body.remainingTime).toBeGreaterThan(0);
    expect(res.body.remainingTime).toBeLessThanOrEqual(60);
    const payload = decodeToken(res.body.token as string);
    const host = site.hosts[0]!;
    expect(payload).toMatchObject({ ip: '127.0.0.1', port: host.port, id: host.id, fp: host.fingerprint });
    expect(typeof payload.otp).toBe('string');
    const state = await leader.get<V1LinkToken>(paths.linkToken);
    expect(state.status).toBe(200);
    expect(state.body).toEqual({ generating: true, ...res.body });
  });

  it('counts remainingTime down while the token stays the same', async () => {
    const first = await leader.get<V1LinkToken>(paths.linkToken);
    await new Promise((r) => setTimeout(r, 1100));
    const second = await leader.get<V1LinkToken>(paths.linkToken);
    if (second.body.token === first.body.token) {
      expect(second.body.remainingTime).toBeLessThan(first.body.remainingTime as number);
    } else {
      // The 60 s interval rolled over between the two reads: a new password with a full interval ahead.
      expect(second.body.remainingTime).toBeGreaterThan(58);
    }
  });

  it('links a follower: Pending at once, then Completed, both sides list each other', async () => {
    const token = await freshToken(leader);
    const res = await f1.post<V1LinkStatus>(paths.link, { json: { token } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('Pending');
    const seen = new Set<string>([res.body.status!]);
    await waitFor(
      'Completed',
      async () => {
        const st = await f1.get<V1LinkStatus>(paths.linkStatus);
        if (st.body.status) seen.add(st.body.status);
        return st.body.status === 'Completed' ? true : undefined;
      },
      10_000,
      20,
    );
    expect(seen.has('InProgress')).toBe(true);

    const onFollower = await f1.get<V1LinkStatus>(paths.linkStatus);
    expect(onFollower.body.peers).toHaveLength(1);
    expect(onFollower.body.peers?.[0]).toMatchObject({
      id: site.hosts[0]!.id,
      ip: '127.0.0.1',
      localUIPort: String(site.hosts[0]!.port),
      role: 'leader',
      health: { status: 'Healthy' },
      status: 'Ready',
    });
    expect(onFollower.body.peers?.[0]?.config?.metadata?.id).toBe(site.hosts[0]!.id);

    const onLeader = await leader.get<V1LinkStatus>(paths.linkStatus);
    expect(onLeader.body.status).toBe('Completed');
    expect(onLeader.body.peers?.map((p) => [p.id, p.role])).toEqual([[site.hosts[1]!.id, 'follower']]);
    expect(onLeader.body.peers?.[0]).toMatchObject({ localUIPort: String(site.hosts[1]!.port), contentSyncStatus: 'Completed' });
  });

  it('links a second follower with the same token', async () => {
    await link(leader, f2);
    const onLeader = await leader.get<V1LinkStatus>(paths.linkStatus);
    expect(onLeader.body.peers?.map((p) => p.id).sort()).toEqual([site.hosts[1]!.id, site.hosts[2]!.id].sort());
  });

  it('refuses to link a host that is already linked, or a leader with followers', async () => {
    const otherToken = (await other.post<V1LinkToken>(paths.generateToken)).body.token as string;
    const res = await f1.post(paths.link, { json: { token: otherToken } });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/already linked/);
    const asLeader = await leader.post(paths.link, { json: { token: otherToken } });
    expect(asLeader.status).toBe(409);
    expect(asLeader.body.message).toMatch(/leads 2 linked host/);
  });

  it('refuses to link a host that generates tokens without followers', async () => {
    const token = await freshToken(leader);
    const res = await other.post(paths.link, { json: { token } });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/stop token generation/);
  });

  it('refuses a follower generating tokens, and stopping generation while followers are linked', async () => {
    const res = await f1.post(paths.generateToken);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/follower/);
    const stop = await leader.delete(paths.linkToken);
    expect(stop.status).toBe(409);
    expect(stop.body.message).toMatch(/unlink them/);
  });

  it('enforces who may unlink whom', async () => {
    const f1Id = site.hosts[1]!.id;
    const f2Id = site.hosts[2]!.id;
    expect((await leader.post(paths.unlink)).status).toBe(400);
    const self = await leader.post(paths.unlink, { query: { peerId: site.hosts[0]!.id } });
    expect(self.status).toBe(400);
    expect(self.body.message).toMatch(/Only followers/);
    expect((await leader.post(paths.unlink, { query: { peerId: 'edge-00000000000000000000000000000000' } })).status).toBe(404);
    const sibling = await f1.post(paths.unlink, { query: { peerId: f2Id } });
    expect(sibling.status).toBe(400);
    expect(sibling.body.message).toContain(f1Id);
    expect((await other.post(paths.unlink, { query: { peerId: f1Id } })).status).toBe(409);
  });

  it('unlinks a follower from the leader and tells the follower', async () => {
    const res = await leader.post(paths.unlink, { query: { peerId: site.hosts[2]!.id } });
    expect(res.status).toBe(200);
    expect((await f2.get(paths.linkStatus)).status).toBe(404);
    const onLeader = await leader.get<V1LinkStatus>(paths.linkStatus);
    expect(onLeader.body.peers?.map((p) => p.id)).toEqual([site.hosts[1]!.id]);
  });

  it('unlinks a follower on itself and tells the leader', async () => {
    const res = await f1.post(paths.unlink, { query: { peerId: site.hosts[1]!.id } });
    expect(res.status).toBe(200);
    expect((await f1.get(paths.linkStatus)).status).toBe(404);
    expect((await leader.get(paths.linkStatus)).status).toBe(404);
  });

  it('stops token generation once no follower is left, and the former leader can follow', async () => {
    const stop = await leader.delete(paths.linkToken);
    expect(stop.status).toBe(200);
    expect(await generating(leader)).toBe(false);
    await link(other, leader);
    const st = await waitLinkStatus(leader, 'Completed');
    expect(st.peers?.[0]).toMatchObject({ id: site.hosts[3]!.id, role: 'leader' });
  });
});
