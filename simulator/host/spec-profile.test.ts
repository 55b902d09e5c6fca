// The spec-only profile is what the console's real-host code is proven against: each way it differs from the
// simulator's own agent is pinned here, with every answer still checked against the spec copy by the test client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths, type V1LinkStatus, type V1LinkToken } from '../../shared/local-api/types';
import type { Site } from '../site';
import { ApiClient } from '../test-kit/client';
import { clientsFor, freshToken, link, testSite, waitFor, waitLinkStatus } from '../test-kit/site-helpers';

const IPV4_TEXT = /(\d{1,3}\.){3}\d{1,3}/;

describe('spec-only profile: login, ping and missing extensions', () => {
  let site: Site;
  let client: ApiClient;

  beforeAll(async () => {
    site = await testSite({ hosts: 1, profile: 'spec' });
    client = new ApiClient(site.hosts[0]!);
  });
  afterAll(() => site?.stop());

  it('answers a wrong password with 400 and a v1Error, as the spec lists', async () => {
    const res = await client.post(paths.login, { json: { username: 'kairos', password: 'wrong' }, auth: false });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'BadRequest', message: 'Invalid username or password' });
  });

  it('needs the session token for /v1/ping', async () => {
    const without = await client.get(paths.ping, { auth: false });
    expect(without.status).toBe(401);
    expect(without.body.code).toBe('Unauthorized');
    await client.login();
    expect((await client.get(paths.ping)).body).toEqual({ msg: 'pong' });
  });

  it('has no token-state or stop extension: 404 like any unknown path, with or without a session', async () => {
    for (const method of ['GET', 'DELETE'] as const) {
      for (const auth of [true, false]) {
        const res = await client.request(method, paths.linkToken, { auth });
        expect(res.status, `${method} auth=${auth}`).toBe(404);
        expect(res.body).toEqual({ code: 'NotFound', message: `No such path: ${method} ${paths.linkToken}` });
      }
    }
  });

  it('reports itself as the spec profile on the admin state', async () => {
    const state = (await (await fetch(`${site.hosts[0]!.admin}/state`)).json()) as { profile: string };
    expect(state.profile).toBe('spec');
  });
});

describe('spec-only profile: tokens, linking and sync words', () => {
  let site: Site;
  let leader: ApiClient;
  let f1: ApiClient;
  let f2: ApiClient;
  let other: ApiClient;

  beforeAll(async () => {
    site = await testSite({ hosts: 4, profile: 'spec', tokenIntervalSec: 60 });
    [leader, f1, f2, other] = (await clientsFor(site)) as [ApiClient, ApiClient, ApiClient, ApiClient];
  });
  afterAll(() => site?.stop());

  it('issues opaque base64 tokens with the leader address but no port, fingerprint or JSON', async () => {
    const res = await leader.post<V1LinkToken>(paths.generateToken);
    expect(res.status).toBe(200);
    const token = res.body.token as string;
    expect(token).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    const bytes = Buffer.from(token, 'base64');
    const text = bytes.toString('latin1');
    expect(() => JSON.parse(bytes.toString('utf8'))).toThrow();
    expect(text.match(IPV4_TEXT)?.[0]).toBe('127.0.0.1');
    const host = site.hosts[0]!;
    expect(text).not.toContain(String(host.port));
    expect(text).not.toContain(host.fingerprint.replace(/:/g, '').slice(0, 8));
    expect(bytes.includes(Buffer.from(host.fingerprint.replace(/:/g, ''), 'hex').subarray(0, 8))).toBe(false);
  });

  it('answers generate-token on a host already generating with the current token, starting nothing new', async () => {
    const first = await leader.post<V1LinkToken>(paths.generateToken);
    await new Promise((r) => setTimeout(r, 1100));
    const second = await leader.post<V1LinkToken>(paths.generateToken);
    if (second.body.token === first.body.token) {
      expect(second.body.remainingTime).toBeLessThan(first.body.remainingTime as number);
    } else {
      // The 60 s interval rolled over between the two calls: the next password, with a full interval ahead.
      expect(second.body.remainingTime).toBeGreaterThan(58);
    }
    expect(second.body.interval).toBe(60);
  });

  it('links followers with such a token (the leader found by its password) and lists both sides', async () => {
    await link(leader, f1);
    await link(leader, f2);
    const onLeader = await leader.get<V1LinkStatus>(paths.linkStatus);
    expect(onLeader.body.peers?.map((p) => [p.id, p.role]).sort()).toEqual(
      [
        [site.hosts[1]!.id, 'follower'],
        [site.hosts[2]!.id, 'follower'],
      ].sort(),
    );
    const onFollower = await f1.get<V1LinkStatus>(paths.linkStatus);
    expect(onFollower.body.peers?.map((p) => [p.id, p.role])).toEqual([[site.hosts[0]!.id, 'leader']]);
  });

  it('shows the Local UI sync words: Synced at the end', async () => {
    const form = new FormData();
    form.append('uploadFile', new Blob([Buffer.alloc(2_000_000, 3)]), 'bundle.tar.zst');
    expect((await leader.post(paths.uploadContent, { form })).status).toBe(201);
    const seen = new Set<string>();
    await waitFor(
      'Synced on every follower',
      async () => {
        const peers = (await leader.get<V1LinkStatus>(paths.linkStatus)).body.peers ?? [];
        for (const p of peers) seen.add(p.contentSyncStatus ?? '');
        return peers.length === 2 && peers.every((p) => p.contentSyncStatus === 'Synced') ? true : undefined;
      },
      20_000,
      20,
    );
    for (const word of seen) expect(word).toMatch(/^(Pending|Syncing \d+%|Synced)$/);
    const onFollower = (await f1.get<V1LinkStatus>(paths.linkStatus)).body.peers?.[0];
    expect(onFollower?.contentSyncStatus).toBe('Synced');
  });

  it('shows a failure word when a sync fails', async () => {
    site.hosts[2]!.faults.set({ resetAfterBytes: 1000 });
    try {
      const form = new FormData();
      form.append('uploadFile', new Blob([Buffer.alloc(500_000, 4)]), 'bundle-2.tar.zst');
      expect((await leader.post(paths.uploadContent, { form })).status).toBe(201);
      const words = await waitFor(
        'a failed sync to the faulty follower',
        async () => {
          const peers = (await leader.get<V1LinkStatus>(paths.linkStatus)).body.peers ?? [];
          const byId = new Map(peers.map((p) => [p.id, p.contentSyncStatus]));
          return byId.get(site.hosts[2]!.id) === 'Error' && byId.get(site.hosts[1]!.id) === 'Synced' ? byId : undefined;
        },
        20_000,
      );
      expect(words.size).toBe(2);
    } finally {
      site.hosts[2]!.faults.clear();
    }
  });

  it('refuses to link a host that is itself generating tokens, with the reason', async () => {
    expect((await other.post(paths.generateToken)).status).toBe(200);
    const token = await freshToken(leader);
    const res = await other.post(paths.link, { json: { token } });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/generating link tokens/);
  });

  it('refuses text that is not a token of this kind, and a token of its own', async () => {
    const json = Buffer.from(JSON.stringify({ ip: '127.0.0.1', port: site.hosts[0]!.port, otp: 'x' })).toString('base64');
    for (const token of ['not a token', json]) {
      const res = await f1.post(paths.link, { json: { token } });
      expect(res.status, token).toBe(400);
      expect(res.body.message).toMatch(/not a link token/);
    }
    const own = await freshToken(other);
    const res = await other.post(paths.link, { json: { token: own } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/generated by this host/);
  });

  it('fails a link whose token no leader answers for, in the link status', async () => {
    const stranger = await testSite({ hosts: 1, profile: 'spec', tokenIntervalSec: 60 });
    let token: string;
    try {
      token = await freshToken(await new ApiClient(stranger.hosts[0]!).login());
    } finally {
      await stranger.stop();
    }
    expect((await f2.post(paths.unlink, { query: { peerId: site.hosts[2]!.id } })).status).toBe(200);
    expect((await f2.post(paths.link, { json: { token } })).status).toBe(200);
    const st = await waitLinkStatus(f2, 'Failed');
    expect(st.errorMessage).toMatch(/No leader answers for this token/);
  });
});

describe('spec-only profile: opaque tokens', () => {
  let site: Site;

  beforeAll(async () => {
    site = await testSite({ hosts: 2, profile: 'spec', specTokenFormat: 'opaque', tokenIntervalSec: 60 });
  });
  afterAll(() => site?.stop());

  it('shows no address at all, and still links', async () => {
    const [leader, follower] = (await clientsFor(site)) as [ApiClient, ApiClient];
    const token = await freshToken(leader);
    expect(Buffer.from(token, 'base64').toString('latin1')).not.toMatch(IPV4_TEXT);
    const res = await follower.post<V1LinkStatus>(paths.link, { json: { token } });
    expect(res.status).toBe(200);
    await waitLinkStatus(follower, 'Completed');
  });
});

describe.each([
  { rule: 'own' as const, own: 200, leader: 400 },
  { rule: 'leader' as const, own: 400, leader: 200 },
  { rule: 'either' as const, own: 200, leader: 200 },
])('unlink on a follower with unlinkPeerId=$rule', ({ rule, own, leader: leaderAnswer }) => {
  let site: Site;
  let clients: ApiClient[];

  beforeAll(async () => {
    site = await testSite({ hosts: 3, profile: 'spec', unlinkPeerId: rule, tokenIntervalSec: 60 });
    clients = await clientsFor(site);
    await link(clients[0]!, clients[1]!);
    await link(clients[0]!, clients[2]!);
  });
  afterAll(() => site?.stop());

  it('accepts the ids the rule names, and answers 400 with a v1Error to any other', async () => {
    const [, f1, f2] = clients as [ApiClient, ApiClient, ApiClient];
    const [leaderHost, f1Host, f2Host] = site.hosts as [(typeof site.hosts)[0], (typeof site.hosts)[0], (typeof site.hosts)[0]];
    const sibling = await f1.post(paths.unlink, { query: { peerId: f2Host.id } });
    expect(sibling.status).toBe(400);
    expect(sibling.body.message).toMatch(/On a follower, unlink takes/);

    const byOwn = await f1.post(paths.unlink, { query: { peerId: f1Host.id } });
    expect(byOwn.status).toBe(own);
    const byLeader = await f2.post(paths.unlink, { query: { peerId: leaderHost.id } });
    expect(byLeader.status).toBe(leaderAnswer);
    if (byOwn.status === 400) expect(byOwn.body.message).toMatch(new RegExp(leaderHost.id));
    if (byLeader.status === 400) expect(byLeader.body.message).toMatch(new RegExp(f2Host.id));
    if (byOwn.status === 200) expect((await f1.get(paths.linkStatus)).status).toBe(404);
    if (byLeader.status === 200) expect((await f2.get(paths.linkStatus)).status).toBe(404);
  });
});
