// Malformed and hostile host answers must never crash the core: they become 'bad-answer' (or are read leniently),
// bounded, and cleaned before they reach a view.
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../shared/errors';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { defaultRoutes, FAKE_ID, startFakeHost, type FakeHost } from '../../test-kit/core/fake-host';
import { waitFor } from '../../test-kit/core/wait';
import { answerError, connectionError, neverSent } from './errors';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});
async function setup(patch: (routes: ReturnType<typeof defaultRoutes>) => void): Promise<{ h: Harness; host: FakeHost }> {
  const routes = defaultRoutes();
  patch(routes);
  const host = await startFakeHost({ routes });
  const h = await startHarness({ user: 'kairos', password: 'kairos', trustNew: true });
  open.push(host, h);
  return { h, host };
}

describe('hostile or malformed answers', () => {
  it('maps an answer that is not JSON to bad-answer', async () => {
    // (On the token-state extension's path such a page means "no extension": see linking/real-host-review.test.ts.)
    const { h, host } = await setup((r) => r.set('GET /v1/edge-mgmt/settings', () => ({ raw: '<html>oops</html>' })));
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    const err = await h.core.handlers['link.token']({ hostId: view.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConsoleError);
    expect(err).toMatchObject({ code: 'bad-answer' });
    expect((err as Error).message).toMatch(/not JSON/);
  });

  it('reads wrong types leniently and cleans what it shows', async () => {
    const { h, host } = await setup((r) => {
      r.set('GET /v1/edge-mgmt/edgehosts/current', () => ({
        body: {
          metadata: { id: FAKE_ID, name: '<script>alert("x")</script>\u001b[2J' + 'n'.repeat(5000) },
          spec: { hostInfo: { hostState: 42, hostType: ['appliance'] }, hardwareSpec: 'nope', managementMode: { a: 1 } },
          status: null,
          extra: { unknown: true },
        },
      }));
      r.set('GET /v1/edge-mgmt/edgehosts/current/link/status', () => ({
        body: {
          status: 'Completed',
          peers: [
            { id: `edge-${'ef'.repeat(16)}`, ip: '127.0.0.9', localUIPort: 'abc', role: 'follower', config: { metadata: { name: '<b>peer</b>' } } },
            ...Array.from({ length: 3000 }, (_, i) => ({ id: `edge-${i}`, ip: i % 2 ? '999.1.1.1' : 42, role: 'follower' })),
          ],
        },
      }));
    });
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    expect(view.id).toBe(FAKE_ID);
    expect(view.name).not.toMatch(/[<>"\u001b]/);
    expect(view.name.length).toBeLessThanOrEqual(63);
    expect(view.state).toBeNull();
    expect(view.mode).toBeNull();
    expect(view.peers.length).toBeLessThanOrEqual(512);
    // Only the peer with a usable address became a host; its name is text without markup.
    const peerHost = await waitFor(async () => (await h.hosts()).find((v) => v.sources.includes('peer')));
    expect(peerHost).toMatchObject({ address: '127.0.0.9', port: host.port, name: 'bpeer/b' });
    expect((await h.hosts()).length).toBe(2);
  });

  it('stops reading an answer far larger than any real one', async () => {
    const { h, host } = await setup((r) =>
      r.set('GET /v1/edge-mgmt/edgehosts/current/link/token', () => ({ raw: `{"token":"${'A'.repeat(6 * 1024 * 1024)}"}` })),
    );
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    await expect(h.core.handlers['link.token']({ hostId: view.id })).rejects.toMatchObject({ code: 'bad-answer' });
  });

  it('survives a host that cuts the connection', async () => {
    const { h, host } = await setup((r) => r.set('GET /v1/edge-mgmt/settings', () => ({ destroy: true })));
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    expect(view.online).toBe(true);
    await expect(h.core.context.hosts.ensureReady(view.id)).rejects.toMatchObject({ code: 'unreachable' });
  });

  it('shows a host that stops answering (without closing anything) offline after 10 s of silence, not before', async () => {
    let silent = false;
    const routes = defaultRoutes();
    for (const [key, route] of routes) routes.set(key, (req) => (silent ? { hang: true } : route(req)));
    const host = await startFakeHost({ routes });
    const h = await startHarness({ user: 'kairos', password: 'kairos', trustNew: true, timing: {} }); // the shipped beat
    open.push(host, h);
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    expect(view.online).toBe(true);
    silent = true;
    const since = Date.now();
    const off = await h.waitHost(view.id, (v) => !v.online, 20_000, 'offline');
    // A slow host is not a dead one: 10 s of silence (not one 2 s timeout) before it counts as offline.
    expect(Date.now() - since).toBeGreaterThanOrEqual(9_000);
    expect(off.accessMessage).toMatch(/No answer from 127\.0\.0\.1:\d+ within 10 s/);
  });

  it('does not take an id that is not an agent id', async () => {
    const { h, host } = await setup((r) =>
      r.set('GET /v1/edge-mgmt/edgehosts/current', () => ({ body: { metadata: { id: '../../etc/passwd', name: 'odd' } } })),
    );
    const view = await h.core.handlers['hosts.add']({ address: host.url });
    expect(view.id).toBe(`127.0.0.1:${host.port}`);
    expect(h.logs.some((l) => l.includes('not an agent id'))).toBe(true);
  });
});

describe('error messages', () => {
  const label = { label: 'edge-1 (10.0.0.1:5080)', hostId: 'h', port: 5080 };
  it("says what happened in the technician's words", () => {
    expect(connectionError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), label)).toMatchObject({
      code: 'unreachable',
      message: expect.stringMatching(/Nothing answers at edge-1/),
    });
    expect(connectionError(Object.assign(new Error('x'), { name: 'TimeoutError', code: 'ETIMEDOUT' }), label)).toMatchObject({ code: 'timeout' });
    expect(connectionError(Object.assign(new Error('x'), { code: 'EHOSTUNREACH' }), label).message).toMatch(/no route/);
    expect(connectionError(Object.assign(new Error('x'), { code: 'ECONNRESET' }), label).message).toMatch(/cut off/);
    expect(connectionError(Object.assign(new Error('x'), { name: 'AbortError' }), label).code).toBe('cancelled');
    expect(answerError(409, JSON.stringify({ message: 'still has followers' }), label, 'stop token generation')).toMatchObject({
      code: 'refused',
      message: 'edge-1 (10.0.0.1:5080) refused to stop token generation: still has followers.',
    });
    expect(answerError(405, '', label, 'stop token generation').code).toBe('unsupported');
  });

  it('tells a request that never left (no connection) from one whose answer was lost', () => {
    const failed = (code: string) => connectionError(Object.assign(new Error('x'), { code }), label);
    for (const code of ['ECONNREFUSED', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNECTTIMEOUT']) expect(neverSent(failed(code)), code).toBe(true);
    // The host may have acted on these: only it can say (link-run reads its link status).
    for (const code of ['ECONNRESET', 'ETIMEDOUT', 'EPIPE']) expect(neverSent(failed(code)), code).toBe(false);
    expect(neverSent(new Error('x'))).toBe(false);
    expect(answerError(500, '<html>', label, 'link').message).toBe('edge-1 (10.0.0.1:5080) failed to link (HTTP 500).');
  });
});
