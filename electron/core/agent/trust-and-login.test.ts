// The agent client against a fake edge host over real HTTPS: trust on first use, a changed certificate, login
// outcomes, the lockout answer, and one re-login after a 401.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { defaultRoutes, FAKE_ID, makeCertificate, startFakeHost, type FakeHost } from '../../test-kit/core/fake-host';
import { waitFor } from '../../test-kit/core/wait';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
async function harness(opts: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness({ user: 'kairos', password: 'kairos', ...opts });
  open.push(h);
  return h;
}
async function fake(...args: Parameters<typeof startFakeHost>): Promise<FakeHost> {
  const f = await startFakeHost(...args);
  open.unshift(f);
  return f;
}
const logins = (f: FakeHost) => f.requests.filter((r) => r.path === '/v1/users/default/login').length;

describe('trust on first use', () => {
  it('sends no credentials to a host met for the first time, until its certificate is trusted', async () => {
    const host = await fake();
    const h = await harness();
    const view = await h.core.handlers['hosts.add']({ address: `127.0.0.1:${host.port}` });
    expect(view).toMatchObject({ online: true, access: 'needs-trust', offeredFingerprint: host.fingerprint, fingerprint: null, sources: ['manual'] });
    expect(view.accessMessage).toContain(host.fingerprint);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(logins(host)).toBe(0);
    expect(host.requests.every((r) => r.path === '/v1/ping')).toBe(true);

    const trusted = await h.core.handlers['certificates.trust']({ hostId: view.id, fingerprint: host.fingerprint.toLowerCase() });
    expect(trusted).toMatchObject({
      id: FAKE_ID,
      access: 'ok',
      fingerprint: host.fingerprint,
      offeredFingerprint: null,
      name: 'fake-edge',
      mode: 'appliance',
      role: 'standalone',
    });
    expect(logins(host)).toBe(1);
    // The session travels raw in the Authorization header (no "Bearer").
    expect(host.requests.find((r) => r.path === '/v1/edge-mgmt/edgehosts/current')!.headers.authorization).toMatch(/^header\./);
  });

  it('blocks a host whose certificate changed and explains why, until the new one is trusted', async () => {
    const first = await fake();
    const h = await harness({ trustNew: true });
    await h.core.handlers['hosts.add']({ address: `127.0.0.1:${first.port}` });
    await h.waitHost(FAKE_ID, (v) => v.access === 'ok');
    const port = first.port;
    await first.close();
    await h.waitHost(FAKE_ID, (v) => !v.online, 5_000, 'offline');
    // Another machine (or a reinstalled host) answers on the same address with another certificate.
    const second = await fake({ port, cert: await makeCertificate() });
    const blocked = await h.waitHost(FAKE_ID, (v) => v.access === 'certificate-changed', 5_000, 'certificate-changed');
    expect(blocked.offeredFingerprint).toBe(second.fingerprint);
    expect(blocked.fingerprint).toBe(first.fingerprint);
    expect(blocked.accessMessage).toMatch(/not the one trusted before/);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(logins(second)).toBe(0);
    // Commands that need the host say so with the right code.
    await expect(h.core.handlers['link.token']({ hostId: FAKE_ID })).rejects.toMatchObject({ code: 'certificate-changed' });

    const trusted = await h.core.handlers['certificates.trust']({ hostId: FAKE_ID, fingerprint: second.fingerprint });
    expect(trusted).toMatchObject({ access: 'ok', fingerprint: second.fingerprint });
    expect(logins(second)).toBe(1);
  });

  it('refuses a fingerprint that is not one', async () => {
    const host = await fake();
    const h = await harness();
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    await expect(h.core.handlers['certificates.trust']({ hostId: view.id, fingerprint: 'not-a-fingerprint-at-all' })).rejects.toMatchObject({
      code: 'invalid-input',
    });
  });
});

describe('login', () => {
  it("reports refused credentials in the technician's words and never retries by itself", async () => {
    const host = await fake();
    const h = await harness({ trustNew: true, password: 'wrong-password' });
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    expect(view.access).toBe('auth-failed');
    expect(view.accessMessage).toMatch(/^The user name or password was refused by 127\.0\.0\.1:\d+\. Check the site credentials\.$/);
    await new Promise((r) => setTimeout(r, 2_500)); // several poll periods
    expect(logins(host)).toBe(1);
    // New credentials allow one new attempt.
    await h.core.handlers['credentials.setSite']({ username: 'kairos', password: 'kairos' });
    await h.waitHost(FAKE_ID, (v) => v.access === 'ok', 5_000, 'login with the new credentials');
    expect(logins(host)).toBe(2);
  });

  it('accepts 400 as a refused login too', async () => {
    const routes = defaultRoutes();
    routes.set('POST /v1/users/default/login', () => ({ status: 400, body: { message: 'bad credentials' } }));
    const host = await fake({ routes });
    const h = await harness({ trustNew: true });
    expect((await h.core.handlers['hosts.add']({ address: host.url })).access).toBe('auth-failed');
  });

  it('shows a lockout with its wait and does not knock again', async () => {
    const routes = defaultRoutes();
    routes.set('POST /v1/users/default/login', () => ({ status: 429, headers: { 'retry-after': '30' }, body: { message: 'Too many failed logins' } }));
    const host = await fake({ routes });
    const h = await harness({ trustNew: true });
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    expect(view.access).toBe('locked-out');
    expect(view.retryAfterSec).toBeGreaterThanOrEqual(28);
    expect(view.accessMessage).toMatch(/Wait \d+ s/);
    await h.core.handlers['hosts.refresh']({ hostId: view.id });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(logins(host)).toBe(1);
  });

  it('logs in once more after a 401 on a read, then retries the read once', async () => {
    const routes = defaultRoutes();
    let expiredOnce = false;
    const current = routes.get('GET /v1/edge-mgmt/edgehosts/current')!;
    routes.set('GET /v1/edge-mgmt/edgehosts/current', (req) => {
      if (logins(host) === 1 && !expiredOnce) {
        expiredOnce = true;
        return { status: 401, body: { message: 'The session has expired: log in again' } };
      }
      return current(req);
    });
    const host = await fake({ routes });
    const h = await harness({ trustNew: true });
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    expect(view).toMatchObject({ id: FAKE_ID, access: 'ok' });
    expect(logins(host)).toBe(2);
  });

  it('renews the session before it expires', async () => {
    const routes = defaultRoutes();
    const jwt = (lifetimeSec: number) => `h.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + lifetimeSec })).toString('base64url')}.s`;
    routes.set('POST /v1/users/default/login', () => ({ body: { Token: { Authorization: jwt(10) } } }));
    routes.set('POST /v1/users/default/token/renewal', (req) =>
      String(req.headers.authorization).startsWith('h.') ? { body: { Authorization: jwt(3600) } } : { status: 401, body: {} },
    );
    const host = await fake({ routes });
    const h = await harness({ trustNew: true });
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    expect(view.access).toBe('ok');
    // Three quarters of the 10 s lifetime later (and a second short of its end, room for a loaded machine), the next
    // call renews first.
    await new Promise((r) => setTimeout(r, 8_000));
    await h.core.handlers['hosts.refresh']({ hostId: view.id });
    expect(host.requests.filter((r) => r.path === '/v1/users/default/token/renewal')).toHaveLength(1);
    expect(logins(host)).toBe(1);
  });

  it('uses a per-host credential override', async () => {
    const routes = defaultRoutes();
    routes.set('POST /v1/users/default/login', (req) => {
      const b = req.body as { username: string; password: string };
      return b.username === 'root' && b.password === 'per-host-pw'
        ? { body: { Token: { Authorization: 'a.eyJleHAiOjQxMDI0NDQ4MDB9.b' } } }
        : { status: 401, body: { message: 'no' } };
    });
    const host = await fake({ routes });
    const h = await harness({ trustNew: true });
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    expect(view.access).toBe('auth-failed');
    const status = await h.core.handlers['credentials.setHost']({ hostId: view.id, username: 'root', password: 'per-host-pw' });
    expect(status.hostOverrides).toEqual([view.id]);
    // Logged in first, then re-keyed to its id by the same read: wait for both.
    const ok = await waitFor(async () => (await h.hosts()).find((v) => v.access === 'ok' && v.id === FAKE_ID), { what: 'login with the override' });
    expect(ok).toMatchObject({ id: FAKE_ID, credentialOverride: true });
    // The override moved with the host to its id.
    expect((await h.core.handlers['credentials.status']({})).hostOverrides).toEqual([FAKE_ID]);
  });
});
