// certificates.trustMany: one confirmation trusts every new host the technician left ticked, each with the
// fingerprint they were shown; a changed certificate, or one that is not what was shown, is never trusted in bulk.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { defaultRoutes, startFakeHost, type FakeHost } from '../../test-kit/core/fake-host';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function hosts(n: number): Promise<FakeHost[]> {
  const list: FakeHost[] = [];
  for (let i = 0; i < n; i++) {
    const host = await startFakeHost({ routes: defaultRoutes(`edge-${String(i).padStart(2, '0').repeat(16)}`, `fake-${i}`) });
    open.push(host);
    list.push(host);
  }
  return list;
}

describe('certificates.trustMany', () => {
  it('trusts the new hosts shown, refuses a changed certificate and a fingerprint that is not the one offered', async () => {
    const [a, b, changed, other] = await hosts(4);
    const h: Harness = await startHarness({ user: 'kairos', password: 'kairos' });
    open.push(h);
    const views = [];
    for (const host of [a!, b!, changed!, other!]) views.push(await h.core.handlers['hosts.add']({ address: host.url }));
    expect(views.map((v) => v.access)).toEqual(['needs-trust', 'needs-trust', 'needs-trust', 'needs-trust']);
    // Pinned earlier with another certificate: now it shows as changed.
    await h.core.handlers['certificates.trust']({ hostId: views[2]!.id, fingerprint: '00'.repeat(32) });
    const changedView = await h.waitHost(views[2]!.id, (v) => v.access === 'certificate-changed', 10_000, 'a changed certificate');

    const results = await h.core.handlers['certificates.trustMany']({
      hosts: [
        { hostId: views[0]!.id, fingerprint: a!.fingerprint },
        { hostId: views[1]!.id, fingerprint: b!.fingerprint.toLowerCase() },
        { hostId: changedView.id, fingerprint: changedView.offeredFingerprint! },
        { hostId: views[3]!.id, fingerprint: a!.fingerprint },
        { hostId: 'edge-gone', fingerprint: a!.fingerprint },
      ],
    });
    expect(results.map((r) => r.trusted)).toEqual([true, true, false, false, false]);
    expect(results[2]!.message).toMatch(/A changed certificate is never trusted in bulk/);
    expect(results[3]!.message).toMatch(/now presents another certificate than the fingerprint you checked/);
    expect(results[4]!.message).toMatch(/no longer knows this host/);
    // The trusted ones are read and logged in to at once; the others still wait for a person.
    await h.waitHost(a!.url, (v) => v.access === 'ok', 10_000, 'host a logged in');
    await h.waitHost(b!.url, (v) => v.access === 'ok', 10_000, 'host b logged in');
    expect((await h.host(changed!.url)).access).toBe('certificate-changed');
    expect((await h.host(other!.url)).access).toBe('needs-trust');
    expect(other!.requests.some((r) => r.path.includes('login'))).toBe(false);
    expect(changed!.requests.some((r) => r.path.includes('login'))).toBe(false);
  });
});
