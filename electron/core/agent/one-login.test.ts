// One login per host and credential, also under concurrency: parallel calls on a host with no session share one
// login, and parallel calls that meet a 401 with the same old session share one new login (a late 401 never throws
// away the fresh session). Real agents slow logins down after 3 failures and lock the user out after 5.
import { afterEach, describe, expect, it } from 'vitest';
import { paths } from '../../../shared/local-api/types';
import { defaultRoutes, startFakeHost, type FakeHost } from '../../test-kit/core/fake-host';
import { trustingClient } from '../../test-kit/core/agent-client';
import type { AgentClient } from './client';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

const logins = (f: FakeHost) => f.requests.filter((r) => r.path === paths.login).length;

function clientFor(host: FakeHost, password = 'kairos'): AgentClient {
  const client = trustingClient(host.port, password);
  open.push(client);
  return client;
}

async function fake(routes = defaultRoutes()): Promise<FakeHost> {
  const host = await startFakeHost({ routes });
  open.unshift(host);
  return host;
}

describe('one login per host and credential', () => {
  it('shares one login between parallel calls on a host with no session', async () => {
    const routes = defaultRoutes();
    const login = routes.get(`POST ${paths.login}`)!;
    // A slow login, so every call arrives while it is under way.
    routes.set(`POST ${paths.login}`, async (req) => {
      await new Promise((r) => setTimeout(r, 150));
      return login(req);
    });
    const host = await fake(routes);
    const client = clientFor(host);
    const answers = await Promise.all(
      [paths.currentHost, paths.settings, paths.linkStatus, paths.ping].map((p) => client.request('GET', p, { userInitiated: true })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 200]);
    expect(logins(host)).toBe(1);
  });

  it('shares one refused login between parallel calls, and does not try again on its own', async () => {
    const host = await fake();
    const client = clientFor(host, 'wrong');
    const results = await Promise.allSettled([paths.currentHost, paths.settings, paths.linkStatus].map((p) => client.request('GET', p)));
    expect(results.every((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'auth-failed')).toBe(true);
    await expect(client.request('GET', paths.currentHost)).rejects.toMatchObject({ code: 'auth-failed' });
    expect(logins(host)).toBe(1);
  });

  it('logs in once again when parallel calls meet a 401 with the same expired session', async () => {
    const routes = defaultRoutes();
    let session = 'first-session-token';
    routes.set(`POST ${paths.login}`, () => ({ body: { IsFirstLogin: false, Token: { Authorization: session } } }));
    const guarded = (path: string) => {
      const inner = routes.get(`GET ${path}`)!;
      routes.set(`GET ${path}`, async (req) => {
        // The first session expires on the host while the calls are on their way; answers are spread out in time.
        if (req.headers.authorization !== session) {
          await new Promise((r) => setTimeout(r, path === paths.settings ? 250 : 10));
          return { status: 401, body: { message: 'session expired' } };
        }
        return inner(req);
      });
    };
    for (const p of [paths.currentHost, paths.settings, paths.ping]) guarded(p);
    const host = await fake(routes);
    const client = clientFor(host);
    await client.request('GET', paths.currentHost);
    expect(logins(host)).toBe(1);
    session = 'second-session-token';
    const answers = await Promise.all([paths.currentHost, paths.settings, paths.ping].map((p) => client.request('GET', p)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    // One login for the expired session, shared: the late 401 (settings) did not throw the new session away.
    expect(logins(host)).toBe(2);
  });
});
