// Links that fail must fail with a reason a technician can act on; each failure mode is checked here.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths, type V1LinkStatus, type V1LinkToken } from '../../shared/local-api/types';
import type { Site } from '../site';
import type { ApiClient } from '../test-kit/client';
import { clientsFor, decodeToken, freshToken, testSite, waitLinkStatus } from '../test-kit/site-helpers';

const encode = (payload: Record<string, unknown>) => Buffer.from(JSON.stringify(payload)).toString('base64');

async function failedLink(follower: ApiClient, token: string): Promise<string> {
  const res = await follower.post<V1LinkStatus>(paths.link, { json: { token } });
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('Pending');
  const status = await waitLinkStatus(follower, 'Failed');
  expect(status.peers).toEqual([]);
  return status.errorMessage ?? '';
}

describe('link attempts that fail, with a clear errorMessage', () => {
  let site: Site;
  let leader: ApiClient;
  let follower: ApiClient;
  let agentUbuntu: ApiClient;
  let agentOther: ApiClient;
  let agentLeader: ApiClient;
  let noMultiNode: ApiClient;
  let central: ApiClient;

  beforeAll(async () => {
    site = await testSite({
      hosts: 7,
      tokenIntervalSec: 2,
      site: [
        {},
        {},
        { mode: 'agent', os: { family: 'ubuntu', version: '22.04' } },
        { mode: 'agent', os: { family: 'opensuse-leap', version: '15.6' } },
        { mode: 'agent', os: { family: 'ubuntu', version: '22.04' } },
        { multiNode: false },
        { managementMode: 'central' },
      ],
    });
    [leader, follower, agentUbuntu, agentOther, agentLeader, noMultiNode, central] = (await clientsFor(site)) as ApiClient[] as [
      ApiClient,
      ApiClient,
      ApiClient,
      ApiClient,
      ApiClient,
      ApiClient,
      ApiClient,
    ];
  });
  afterAll(() => site?.stop());

  it('rejects text that is not a token with 400, and a body without a token', async () => {
    const res = await follower.post(paths.link, { json: { token: 'not-a-token' } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/not a link token/);
    expect((await follower.post(paths.link, { json: {} })).status).toBe(400);
    expect((await follower.post(paths.link, { raw: { body: '{"token":', contentType: 'application/json' } })).status).toBe(400);
  });

  it('rejects linking a host to itself', async () => {
    const token = await freshToken(follower);
    const res = await follower.post(paths.link, { json: { token } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/itself/);
    expect((await follower.delete(paths.linkToken)).status).toBe(200);
  });

  it('fails on a wrong one-time password', async () => {
    const payload = decodeToken(await freshToken(leader));
    const message = await failedLink(follower, encode({ ...payload, otp: '0000000000000000' }));
    expect(message).toMatch(/one-time password .* not valid/);
  });

  it('fails on an expired one-time password, and the token rotates', async () => {
    const first = await leader.post<V1LinkToken>(paths.generateToken);
    await sleep(((first.body.remainingTime ?? 2) + 0.3) * 1000);
    const second = await leader.post<V1LinkToken>(paths.generateToken);
    expect(second.body.token).not.toBe(first.body.token);
    const message = await failedLink(follower, first.body.token as string);
    expect(message).toMatch(/expired/);
  });

  it('fails when the leader cannot be reached', async () => {
    const token = await freshToken(leader);
    await site.hosts[0]!.down();
    try {
      const message = await failedLink(follower, token);
      expect(message).toMatch(/Cannot reach the leader at 127\.0\.0\.1:\d+/);
    } finally {
      await site.hosts[0]!.up();
    }
  });

  it('fails when the certificate does not match the fingerprint in the token', async () => {
    const payload = decodeToken(await freshToken(leader));
    const message = await failedLink(follower, encode({ ...payload, fp: site.hosts[2]!.fingerprint }));
    expect(message).toMatch(/does not match the token/);
  });

  it('fails on a deployment mode mismatch', async () => {
    const message = await failedLink(agentUbuntu, await freshToken(leader));
    expect(message).toMatch(/Deployment mode mismatch/);
  });

  it('fails on an OS mismatch in agent mode, and links agents on the same OS', async () => {
    const token = await freshToken(agentLeader);
    const message = await failedLink(agentOther, token);
    expect(message).toMatch(/OS mismatch/);
    const ok = await agentUbuntu.post(paths.link, { json: { token: await freshToken(agentLeader) } });
    expect(ok.status).toBe(200);
    await waitLinkStatus(agentUbuntu, 'Completed');
  });

  it('fails when multi-node is disabled on the follower, and refuses tokens on such a host', async () => {
    const message = await failedLink(noMultiNode, await freshToken(leader));
    expect(message).toMatch(/Multi-node is disabled/);
    const res = await noMultiNode.post(paths.generateToken);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/enableMultiNode/);
  });

  it('fails when the follower is centrally managed', async () => {
    const message = await failedLink(central, await freshToken(leader));
    expect(message).toMatch(/centrally managed/);
  });

  it('lets a host link after a failed attempt', async () => {
    const res = await follower.post(paths.link, { json: { token: await freshToken(leader) } });
    expect(res.status).toBe(200);
    const status = await waitLinkStatus(follower, 'Completed');
    expect(status.peers?.[0]?.role).toBe('leader');
  });
});
