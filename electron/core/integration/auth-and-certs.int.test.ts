// Credentials and certificates against simulated hosts: a wrong password, the lockout after five failures (never
// caused by Fieldlink retrying on its own), and a host that comes back with a new identity and certificate.
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { SIM_PASSWORD, SIM_USER, startTestSite, type Site } from '../../test-kit/core/sim';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

describe('credentials against a simulated host', () => {
  it('reports a wrong password, never retries it alone, then shows the lockout with its wait', async () => {
    const site: Site = await startTestSite({ hosts: 1, lockoutSec: 3, loginDelayBaseMs: 10 });
    cleanup.push(() => site.stop());
    const h: Harness = await startHarness({ user: SIM_USER, password: 'not-the-password', trustNew: true });
    cleanup.push(() => h.close());
    const sim = site.hosts[0]!;
    const first = await h.core.handlers['hosts.add']({ address: sim.url }); // failure 1
    expect(first.access).toBe('auth-failed');
    expect(first.accessMessage).toBe(`The user name or password was refused by ${sim.url.slice(8)}. Check the site credentials.`);
    // Several poll periods pass. Had the core retried by itself, the account would lock before the 5th try below.
    await new Promise((r) => setTimeout(r, 2_500));
    for (let i = 2; i <= 4; i++) expect((await h.core.handlers['hosts.refresh']({ hostId: first.id })).access).toBe('auth-failed');
    const locked = await h.core.handlers['hosts.refresh']({ hostId: first.id }); // failure 5: the host locks
    expect(locked.access).toBe('locked-out');
    expect(locked.retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(locked.retryAfterSec).toBeLessThanOrEqual(3);
    expect(locked.accessMessage).toMatch(/locked logins after too many failures\. Wait \d s/);
    // The right password during the lockout: still shown as locked, nothing is sent before the wait is over.
    await h.core.handlers['credentials.setSite']({ username: SIM_USER, password: SIM_PASSWORD });
    expect((await h.core.handlers['hosts.refresh']({ hostId: first.id })).access).toBe('locked-out');
    await new Promise((r) => setTimeout(r, (locked.retryAfterSec! + 0.5) * 1000));
    const ok = await h.core.handlers['hosts.refresh']({ hostId: first.id });
    expect(ok).toMatchObject({ id: sim.id, access: 'ok' });
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a changed certificate on a simulated host', () => {
  it('blocks the host until the new certificate is trusted, then follows its new identity', async () => {
    const port = await freePort();
    const dirs = await Promise.all([1, 2].map(() => mkdtemp(path.join(os.tmpdir(), 'fieldlink-sim-'))));
    cleanup.push(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
    const h = await startHarness({ user: SIM_USER, password: SIM_PASSWORD, trustNew: true });
    cleanup.push(() => h.close());

    const before = await startTestSite({ hosts: 1, basePort: port, dataDir: dirs[0] });
    const original = before.hosts[0]!;
    expect((await h.core.handlers['hosts.add']({ address: original.url })).id).toBe(original.id);
    await before.stop();
    await h.waitHost(original.id, (v) => !v.online, 5_000, 'offline');

    // Reinstalled: same address and port, fresh data directory, so a new certificate and a new agent id.
    const after = await startTestSite({ hosts: 1, basePort: port, dataDir: dirs[1] });
    cleanup.push(() => after.stop());
    const reinstalled = after.hosts[0]!;
    const blocked = await h.waitHost(original.id, (v) => v.access === 'certificate-changed', 6_000, 'certificate-changed');
    expect(blocked).toMatchObject({ online: true, fingerprint: original.fingerprint, offeredFingerprint: reinstalled.fingerprint });
    const link = await h.runTask(h.core.handlers['link.makeLeader']({ hostId: original.id }));
    expect(link.hosts[0]).toMatchObject({ state: 'refused', message: expect.stringMatching(/certificate changed/) });

    const trusted = await h.core.handlers['certificates.trust']({ hostId: original.id, fingerprint: reinstalled.fingerprint });
    expect(trusted).toMatchObject({ id: reinstalled.id, access: 'ok', fingerprint: reinstalled.fingerprint, name: reinstalled.name });
    expect((await h.hosts()).map((v) => v.id)).toEqual([reinstalled.id]);
  });
});
