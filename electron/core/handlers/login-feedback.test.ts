// Issue 12, login feedback: a wrong site or per-host password shows on the affected hosts within one refresh, in
// plain words, with the lockout state; hosts the change does not concern keep working.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness } from '../../test-kit/core/core-harness';
import { defaultRoutes, startFakeHost, type FakeHost, type FakeRoute } from '../../test-kit/core/fake-host';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function fake(n: number, login?: FakeRoute): Promise<FakeHost> {
  const routes = defaultRoutes(`edge-${String(n).padStart(2, '0').repeat(16)}`, `fake-${n}`);
  if (login) routes.set('POST /v1/users/default/login', login);
  const host = await startFakeHost({ routes });
  open.push(host);
  return host;
}

const logins = (h: FakeHost) => h.requests.filter((r) => r.path === '/v1/users/default/login').length;

describe('login feedback after new credentials', () => {
  it('shows a wrong per-host password on that host within one refresh; the others stay signed in', async () => {
    const a = await fake(1);
    const b = await fake(2);
    const h = await startHarness({ user: 'kairos', password: 'kairos', trustNew: true });
    open.push(h);
    for (const host of [a, b]) await h.core.handlers['hosts.add']({ address: host.url });
    await h.waitHost(a.url, (v) => v.access === 'ok');
    await h.waitHost(b.url, (v) => v.access === 'ok');
    const aLogins = logins(a);
    const bLogins = logins(b);

    const view = await h.host(a.url);
    await h.core.handlers['credentials.setHost']({ hostId: view.id, username: 'admin', password: 'wrong' });
    // Tried once by the next read (the monitor's, or a refresh asked meanwhile: one login between them).
    const failed = await h.waitHost(a.url, (v) => v.access === 'auth-failed', 5_000, 'the refusal on its card');
    expect(failed.accessMessage).toMatch(/refused|password/i);
    expect(logins(a)).toBe(aLogins + 1);
    // Never again on Fieldlink's own initiative, while the monitor goes on reading the host.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(logins(a)).toBe(aLogins + 1);
    // A person's refresh is a person's retry: exactly one more.
    expect((await h.core.handlers['hosts.refresh']({ hostId: view.id })).access).toBe('auth-failed');
    expect(logins(a)).toBe(aLogins + 2);
    expect((await h.host(b.url)).access).toBe('ok');
    expect(logins(b)).toBe(bLogins);
  });

  it('shows a wrong site password on every host that uses it, and the lockout with its wait', async () => {
    let attempts = 0;
    const locking = await fake(3, (req) => {
      const body = req.body as { password?: string };
      if (body.password === 'kairos') return { body: { IsFirstLogin: false, Token: { Authorization: 'header.eyJleHAiOjQxMDI0NDQ4MDB9.sig' } } };
      attempts++;
      return { status: 429, headers: { 'retry-after': '120' }, body: { code: 'TooManyRequests', message: 'locked' } };
    });
    const own = await fake(4);
    const h = await startHarness({ user: 'kairos', password: 'kairos', trustNew: true });
    open.push(h);
    for (const host of [locking, own]) await h.core.handlers['hosts.add']({ address: host.url });
    await h.waitHost(locking.url, (v) => v.access === 'ok');
    const ownView = await h.waitHost(own.url, (v) => v.access === 'ok');
    // This host has its own (correct) credentials: the site's new password does not concern it.
    await h.core.handlers['credentials.setHost']({ hostId: ownView.id, username: 'kairos', password: 'kairos' });
    await h.waitHost(own.url, (v) => v.access === 'ok');
    const ownLogins = logins(own);

    await h.core.handlers['credentials.setSite']({ username: 'kairos', password: 'typo' });
    const locked = await h.core.handlers['hosts.refresh']({ hostId: (await h.host(locking.url)).id });
    expect(locked.access).toBe('locked-out');
    expect(locked.retryAfterSec).toBeGreaterThan(100);
    expect(locked.accessMessage).toMatch(/\d/);
    expect(attempts).toBe(1);
    // No knocking again on its own while locked out.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(attempts).toBe(1);
    expect((await h.host(own.url)).access).toBe('ok');
    expect(logins(own)).toBe(ownLogins);
  });
});
