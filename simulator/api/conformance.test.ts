// Every simulated operation, on both profiles, answers within the spec; the rest of the spec answers 501.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../shared/local-api/types';
import { UNSIMULATED_OPERATIONS } from './unsimulated';
import type { Site } from '../site';
import { validator, type ApiClient } from '../test-kit/client';
import { clientsFor, link, testSite, waitFor } from '../test-kit/site-helpers';

/** The operations of the spec the simulator implements. */
const SIMULATED: Array<[string, string]> = [
  ['GET', paths.ping],
  ['POST', paths.login],
  ['POST', paths.renewal],
  ['POST', paths.logout],
  ['GET', paths.currentHost],
  ['GET', paths.settings],
  ['POST', paths.generateToken],
  ['POST', paths.link],
  ['GET', paths.linkStatus],
  ['POST', paths.unlink],
  ['POST', paths.uploadContent],
  ['POST', paths.uploadClusterConfig],
  ['GET', paths.uploadedContent],
  ['POST', paths.cluster],
  ['DELETE', paths.cluster],
  ['GET', paths.clusterDetails],
  ['GET', paths.contentSyncStatus],
];

describe('the Swagger validator', () => {
  it('accepts a conforming body and catches capitalisation, enums, extra keys and types', () => {
    const v = validator();
    expect(v.checkDefinition('v1LoginSuccess', { IsFirstLogin: false, Token: { Authorization: 'x' } })).toEqual([]);
    expect(v.checkDefinition('v1LoginSuccess', { isFirstLogin: false, token: { authorization: 'x' } })).not.toEqual([]);
    expect(v.checkDefinition('v1LinkStatus', { status: 'Done' })).not.toEqual([]);
    expect(v.checkDefinition('v1LinkStatus', { status: 'Completed', peers: [{ id: 'a', localUIPort: 5080 }] })).not.toEqual([]);
    expect(v.checkDefinition('v1LinkStatus', { status: 'Completed', peers: [{ id: 'a', health: { status: 'healthy' } }] })).not.toEqual([]);
    expect(v.checkDefinition('v1EdgeHostInfo', { spec: { hostInfo: { hostState: 'Ready', HostType: 'agent' } } })).not.toEqual([]);
    expect(v.checkDefinition('v1Settings', { installationMode: 'offline' })).not.toEqual([]);
    expect(v.checkDefinition('v1UploadedContentDetails', { uploadDateTime: 'yesterday' })).not.toEqual([]);
  });

  it('holds error answers to v1Error and refuses statuses the spec does not document', () => {
    const v = validator();
    expect(v.check('GET', paths.currentHost, 401, { code: 'Unauthorized', message: 'no' })).toEqual([]);
    expect(v.check('GET', paths.currentHost, 401, 'Unauthorized')).not.toEqual([]);
    expect(v.check('GET', paths.currentHost, 401, { error: 'no' })).not.toEqual([]);
    expect(v.check('GET', paths.currentHost, 202, {})).not.toEqual([]);
    expect(v.check('GET', paths.linkToken, 200, { generating: true, token: 't', interval: 120, remainingTime: 3 })).toEqual([]);
    expect(v.check('GET', paths.linkToken, 200, { generating: false })).toEqual([]);
    expect(v.check('GET', paths.linkToken, 200, { generating: true, token: 't', interval: 'soon', remainingTime: 3 })).not.toEqual([]);
    expect(v.check('GET', paths.linkToken, 200, { generating: false, token: 't' })).not.toEqual([]);
    expect(v.check('GET', paths.linkToken, 200, { token: 't', interval: 120, remainingTime: 3 })).not.toEqual([]);
  });
});

describe.each(['full', 'spec'] as const)('conformance of every simulated endpoint, %s profile', (profile) => {
  let site: Site;
  let leader: ApiClient;
  let follower: ApiClient;

  beforeAll(async () => {
    site = await testSite({ hosts: 2, tokenIntervalSec: 60, profile });
    [leader, follower] = (await clientsFor(site)) as [ApiClient, ApiClient];
  });
  afterAll(() => site?.stop());

  it('covers the spec exactly: simulated operations plus those answering 501', () => {
    const listed = new Set([...SIMULATED, ...UNSIMULATED_OPERATIONS].map(([m, p]) => `${m} ${p}`));
    const spec = new Set(
      validator()
        .operations()
        .map((o) => `${o.method} ${o.path}`),
    );
    expect([...listed].sort()).toEqual([...spec].sort());
    expect(listed.size).toBe(SIMULATED.length + UNSIMULATED_OPERATIONS.length);
  });

  it('answers 501 with a v1Error for every operation it does not simulate, after authentication', async () => {
    for (const [method, specPath] of UNSIMULATED_OPERATIONS) {
      const url = specPath.replace(/\{\w+\}/g, 'x');
      const res = await leader.request(method, url, method === 'GET' || method === 'DELETE' ? {} : { json: {} });
      expect(res.status, `${method} ${url}`).toBe(501);
      expect(res.body.code).toBe('NotImplemented');
      expect((await leader.request(method, url, { auth: false })).status).toBe(401);
    }
  });

  it('answers 404 with a v1Error for unknown paths and methods', async () => {
    for (const [method, url] of [
      ['GET', '/v1/nope'],
      ['GET', '/'],
      ['PUT', paths.currentHost],
      ['GET', paths.link],
    ] as const) {
      const res = await leader.request(method, url);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(res.body.code).toBe('NotFound');
    }
  });

  it('answers 4xx, never 500, to malformed or wrongly typed bodies', async () => {
    const bodies = [
      { raw: { body: '{"token": ', contentType: 'application/json' } },
      { raw: { body: '[1,2', contentType: 'application/json' } },
      { json: { token: 42 } },
      { json: ['token'] },
      { raw: { body: 'token=abc', contentType: 'text/plain' } },
    ];
    // v1ClusterConfiguration has no required field, so for the cluster only bodies that are not objects are wrong.
    const cases = [
      ...[paths.link, paths.login].flatMap((url) => bodies.map((body) => [url, body] as const)),
      ...[bodies[0]!, bodies[1]!, bodies[3]!, { json: 'cluster' }].map((body) => [paths.cluster, body] as const),
    ];
    for (const [url, body] of cases) {
      {
        const res = await leader.post(url, { ...body, auth: url !== paths.login });
        expect(res.status, `${url} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${url} ${JSON.stringify(body)}`).toBeLessThan(500);
      }
    }
    const upload = await leader.post(paths.uploadContent, { raw: { body: '--x\r\nbroken', contentType: 'multipart/form-data; boundary=x' } });
    expect(upload.status).toBe(400);
  });

  it('answers every simulated operation within the spec, success and error alike', async () => {
    // Every response below is checked against the spec by the client; this walks each operation once.
    expect((await leader.get(paths.ping, { auth: false })).status).toBe(profile === 'spec' ? 401 : 200);
    expect((await leader.get(paths.ping)).status).toBe(200);
    const wrong = await leader.post(paths.login, { json: { username: 'kairos', password: 'wrong' }, auth: false });
    expect(wrong.status).toBe(profile === 'spec' ? 400 : 401);
    expect((await leader.get(paths.linkToken)).status).toBe(profile === 'spec' ? 404 : 200);
    expect((await leader.get(paths.currentHost)).status).toBe(200);
    expect((await leader.get(paths.settings)).status).toBe(200);
    expect((await leader.get(paths.uploadedContent)).status).toBe(404);
    expect((await leader.get(paths.clusterDetails)).status).toBe(404);
    expect((await leader.get(paths.contentSyncStatus)).body.statusMessage).toBe('No content to sync');
    expect((await leader.get(paths.linkStatus)).status).toBe(404);
    expect((await leader.delete(paths.cluster)).status).toBe(404);
    await link(leader, follower);

    const form = new FormData();
    form.append('uploadFile', new Blob([Buffer.alloc(300_000, 7)]), 'bundle.tar.zst');
    form.append('signature', new Blob([Buffer.from('sig')]), 'bundle.tar.zst.sig');
    expect((await leader.post(paths.uploadContent, { form })).status).toBe(201);
    const configForm = new FormData();
    configForm.append('uploadFile', new Blob([Buffer.from('cluster definition')]), 'cluster.tgz');
    expect((await leader.post(paths.uploadClusterConfig, { form: configForm })).status).toBe(201);
    expect((await leader.get(paths.uploadedContent)).body.fileName).toBe('cluster.tgz');
    await waitFor('sync to complete', async () => {
      const res = await leader.get(paths.contentSyncStatus);
      return res.body.pendingItems?.every((i: { status: string }) => i.status === 'completed') && res.body.pendingItems.length === 1 ? true : undefined;
    });
    expect((await follower.get(paths.contentSyncStatus)).status).toBe(200);

    expect((await leader.post(paths.cluster, { json: { metadata: { name: 'tour' } } })).status).toBe(202);
    expect((await leader.get(paths.clusterDetails)).status).toBe(200);
    await waitFor('Running', async () => ((await leader.get(paths.clusterDetails)).body.status.clusterState === 'Running' ? true : undefined));
    expect((await follower.get(paths.clusterDetails)).body.metadata.name).toBe('tour');
    expect((await leader.delete(paths.cluster)).status).toBe(202);
    await waitFor('cluster gone', async () => ((await leader.get(paths.clusterDetails)).status === 404 ? true : undefined));

    expect((await leader.post(paths.unlink, { query: { peerId: site.hosts[1]!.id } })).status).toBe(200);
    expect((await follower.post(paths.unlink, { query: { peerId: 'edge-0' } })).status).toBe(409);
    expect((await leader.get(paths.linkToken)).status).toBe(profile === 'spec' ? 404 : 200);
    expect((await leader.delete(paths.linkToken)).status).toBe(profile === 'spec' ? 404 : 200);
    expect((await leader.post(paths.renewal)).status).toBe(200);
    expect((await leader.post(paths.logout)).status).toBe(200);
    expect((await leader.post(paths.logout)).status).toBe(401);
  });
});
