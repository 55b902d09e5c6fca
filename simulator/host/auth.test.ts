// Sessions and failed-login throttling as a console meets them, parallel attempts included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths, type V1LoginSuccess, type V1UserToken } from '../../shared/local-api/types';
import type { Site } from '../site';
import { ApiClient } from '../test-kit/client';
import { testSite } from '../test-kit/site-helpers';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number; iat: number };

describe('login, sessions and failed-login throttling', () => {
  let site: Site;
  let client: ApiClient;

  beforeAll(async () => {
    site = await testSite({ hosts: 2, user: 'admin', password: 's3cret', lockoutSec: 2, loginDelayBaseMs: 1000 });
    client = new ApiClient(site.hosts[0]!, { username: 'admin', password: 's3cret' });
  });
  afterAll(() => site?.stop());

  it('answers ping without a session', async () => {
    const res = await client.get(paths.ping, { auth: false });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ msg: 'pong' });
  });

  it('logs in with capitalised keys and a 2 h session, 24 h with extendedSession', async () => {
    const res = await client.post<V1LoginSuccess>(paths.login, { json: { username: 'admin', password: 's3cret' }, auth: false });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['IsFirstLogin', 'Token']);
    const token = res.body.Token?.Authorization as string;
    const short = claimsOf(token);
    expect(short.exp - short.iat).toBe(2 * 3600);
    const extended = await client.post<V1LoginSuccess>(paths.login, {
      json: { username: 'admin', password: 's3cret' },
      query: { extendedSession: 'true' },
      auth: false,
    });
    const long = claimsOf(extended.body.Token?.Authorization as string);
    expect(long.exp - long.iat).toBe(24 * 3600);
  });

  it('needs the raw token on every other path', async () => {
    await client.login();
    for (const path of [paths.currentHost, paths.settings, paths.linkStatus, paths.uploadedContent, paths.clusterDetails, '/v1/edge-mgmt/cluster/events']) {
      const res = await client.get(path, { auth: false });
      expect(res.status, path).toBe(401);
      expect(res.body.code).toBe('Unauthorized');
    }
    const bearer = await client.get(paths.currentHost, { auth: false, headers: { authorization: `Bearer ${client.token}` } });
    expect(bearer.status).toBe(401);
    expect(bearer.body.message).toMatch(/without 'Bearer'/);
    expect((await client.get(paths.currentHost, { auth: false, headers: { authorization: 'garbage' } })).status).toBe(401);
    expect((await client.get(paths.currentHost)).status).toBe(200);
  });

  it('does not accept a token of another host', async () => {
    const other = await new ApiClient(site.hosts[1]!, { username: 'admin', password: 's3cret' }).login();
    const res = await client.get(paths.currentHost, { auth: false, headers: { authorization: other.token as string } });
    expect(res.status).toBe(401);
  });

  it('renews a session and logs out', async () => {
    await client.login();
    const renewed = await client.post<V1UserToken>(paths.renewal, { query: { extendedSession: 'true' } });
    expect(renewed.status).toBe(200);
    expect(Object.keys(renewed.body)).toEqual(['Authorization']);
    const newToken = renewed.body.Authorization as string;
    expect(claimsOf(newToken).exp - claimsOf(newToken).iat).toBe(24 * 3600);
    expect((await client.post(paths.logout)).status).toBe(200);
    const after = await client.get(paths.currentHost);
    expect(after.status).toBe(401);
    expect(after.body.message).toMatch(/logged out/);
    expect((await client.post(paths.renewal)).status).toBe(401);
    client.token = newToken;
    expect((await client.get(paths.currentHost)).status).toBe(200);
  });

  it('answers 400 to a malformed login body', async () => {
    expect((await client.post(paths.login, { json: { username: 'admin' }, auth: false })).status).toBe(400);
    expect((await client.post(paths.login, { raw: { body: '{nope', contentType: 'application/json' }, auth: false })).status).toBe(400);
    expect((await client.post(paths.login, { auth: false })).status).toBe(400);
  });

  it('slows down after 3 failures, locks after 5 with 429 and Retry-After, then lets the user in again', async () => {
    const attempt = async (password: string) => {
      const started = Date.now();
      const res = await client.post(paths.login, { json: { username: 'admin', password }, auth: false });
      return { res, ms: Date.now() - started };
    };
    for (let i = 0; i < 3; i++) {
      const { res, ms } = await attempt('wrong');
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('Invalid username or password');
      // Undelayed: well under the 1 s first delay even on a loaded machine.
      expect(ms).toBeLessThan(900);
    }
    const fourth = await attempt('wrong');
    expect(fourth.res.status).toBe(401);
    expect(fourth.ms).toBeGreaterThanOrEqual(990);
    const fifth = await attempt('wrong');
    expect(fifth.ms).toBeGreaterThanOrEqual(1990);
    expect(fifth.res.status).toBe(429);
    expect(fifth.res.headers['retry-after']).toBe('2');
    const locked = await attempt('s3cret');
    expect(locked.res.status).toBe(429);
    expect(locked.res.body.message).toMatch(/locked/);
    expect(Number(locked.res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 2100));
    const again = await attempt('s3cret');
    expect(again.res.status).toBe(200);
    expect(again.ms).toBeLessThan(900);
  });
});

describe('failed logins sent in parallel', () => {
  let site: Site;

  beforeAll(async () => {
    site = await testSite({ hosts: 1, user: 'admin', password: 's3cret', lockoutSec: 600, loginDelayBaseMs: 50 });
  });
  afterAll(() => site?.stop());

  it('counts each of 5 parallel wrong logins, so they lock the user as 5 in a row would', async () => {
    const client = new ApiClient(site.hosts[0]!, { username: 'admin', password: 's3cret' });
    const wrong = () => client.post(paths.login, { json: { username: 'admin', password: 'wrong' }, auth: false });
    const answers = await Promise.all(Array.from({ length: 5 }, wrong));
    expect(answers.map((a) => a.status).sort()).toEqual([401, 401, 401, 401, 429]);
    const right = await client.post(paths.login, { json: { username: 'admin', password: 's3cret' }, auth: false });
    expect(right.status).toBe(429);
    expect(right.body.message).toMatch(/locked/);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(500);
  });
});
