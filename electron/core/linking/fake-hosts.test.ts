// Linking paths that a simulator cannot force on cue, driven with fake hosts over real HTTPS: a one-time password
// that expires between reading the token and using it, a host's own refusal (409) to stop token generation, and
// an agent without the token-state extension.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { defaultRoutes, startFakeHost, type FakeHost, type FakeRoute } from '../../test-kit/core/fake-host';

const LEADER = `edge-${'1a'.repeat(16)}`;
const FOLLOWER = `edge-${'2b'.repeat(16)}`;
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function fakeHost(id: string, name: string, patch: Record<string, FakeRoute>): Promise<FakeHost> {
  const routes = defaultRoutes(id, name);
  for (const [key, route] of Object.entries(patch)) routes.set(key, route);
  const host = await startFakeHost({ routes });
  open.unshift(host);
  return host;
}
async function harness(): Promise<Harness> {
  const h = await startHarness({ user: 'kairos', password: 'kairos', trustNew: true });
  open.push(h);
  return h;
}
const TOKEN_PATH = '/v1/edge-mgmt/edgehosts/current/link/token';
const STATUS_PATH = '/v1/edge-mgmt/edgehosts/current/link/status';

describe('linking with fake hosts', () => {
  it.each([
    ['says what to do', 'The one-time password in the token has expired: copy a fresh token from the leader'],
    ['says nothing more', 'The one-time password in the token has expired'],
  ])('words a pasted token that expired once, with what to do, when the host %s', async (_, said) => {
    const follower = await fakeHost(FOLLOWER, 'follower', {
      'POST /v1/edge-mgmt/edgehosts/current/link': () => ({ status: 401, body: { code: 'OtpExpired', message: said } }),
      [`GET ${STATUS_PATH}`]: () => ({ status: 404, body: { message: 'not linked' } }),
    });
    const h = await harness();
    await h.core.handlers['hosts.add']({ address: follower.url });
    const task = await h.runTask(h.core.handlers['link.withToken']({ hostId: FOLLOWER, token: Buffer.from('opaque-token-1').toString('base64') }));
    expect(task.state).toBe('failed');
    // A Retry would send the same expired token: only a fresh one helps, so none is offered.
    expect(task.retryable).toBe(false);
    const message = task.hosts[0]!.message!;
    expect(message.match(/fresh token/gi)).toHaveLength(1);
    expect(message).toMatch(/^The one-time password in the token has expired.*fresh token from the leader/i);
  });

  it('retries a follower once with a fresh token when its one-time password expired', async () => {
    let tokenReads = 0;
    const leader = await fakeHost(LEADER, 'leader', {
      // Each read shows the token of a new OTP interval (the follower below says the first one it got expired).
      [`GET ${TOKEN_PATH}`]: () => ({ body: { token: Buffer.from(`token-${++tokenReads}`).toString('base64'), interval: 120, remainingTime: 100 } }),
      [`GET ${STATUS_PATH}`]: () => ({ body: { status: 'Completed', peers: [] } }),
    });
    let linked = false;
    const linkBodies: string[] = [];
    const follower = await fakeHost(FOLLOWER, 'follower', {
      'POST /v1/edge-mgmt/edgehosts/current/link': (req) => {
        const { token } = req.body as { token: string };
        linkBodies.push(token);
        if (linkBodies.length === 1) return { body: { status: 'Pending', peers: [] } };
        linked = true;
        return { body: { status: 'Pending', peers: [] } };
      },
      [`GET ${STATUS_PATH}`]: () =>
        linked
          ? { body: { status: 'Completed', peers: [{ id: LEADER, ip: '127.0.0.1', localUIPort: String(leader.port), role: 'leader' }] } }
          : linkBodies.length
            ? { body: { status: 'Failed', errorMessage: 'The leader refused the link: The one-time password in the token has expired' } }
            : { status: 404, body: { message: 'not linked' } },
    });
    const h = await harness();
    await h.core.handlers['hosts.add']({ address: leader.url });
    await h.core.handlers['hosts.add']({ address: follower.url });
    // The leader generates already (the token read answers), so no generate-token may be called.
    const task = await h.runTask(h.core.handlers['link.followers']({ leaderId: LEADER, followerIds: [FOLLOWER] }));
    expect(task.state).toBe('succeeded');
    expect(linkBodies).toHaveLength(2);
    expect(linkBodies[0]).not.toBe(linkBodies[1]);
    expect(leader.requests.some((r) => r.path.endsWith('/generate-token'))).toBe(false);
  });

  it('makes the chosen host leader as part of linking when it is not generating yet', async () => {
    let generating = false;
    const leader = await fakeHost(LEADER, 'leader', {
      // The extension: 200 { generating: false } until the host leads.
      [`GET ${TOKEN_PATH}`]: () => ({
        body: generating ? { generating: true, token: 'dG9rZW4tb25l', interval: 120, remainingTime: 100 } : { generating: false },
      }),
      'POST /v1/edge-mgmt/edgehosts/current/link/generate-token': () => {
        generating = true;
        return { body: { token: 'dG9rZW4tb25l', interval: 120, remainingTime: 100 } };
      },
    });
    const follower = await fakeHost(FOLLOWER, 'follower', {
      'POST /v1/edge-mgmt/edgehosts/current/link': () => ({ body: { status: 'Completed', peers: [{ id: LEADER, ip: '127.0.0.1', role: 'leader' }] } }),
    });
    const h = await harness();
    await h.core.handlers['hosts.add']({ address: leader.url });
    await h.core.handlers['hosts.add']({ address: follower.url });
    const task = await h.runTask(h.core.handlers['link.followers']({ leaderId: LEADER, followerIds: [FOLLOWER] }));
    expect(task.state).toBe('succeeded');
    expect(leader.requests.filter((r) => r.path.endsWith('/generate-token'))).toHaveLength(1);
  });

  it("shows the host's own reason when it refuses to stop token generation", async () => {
    const leader = await fakeHost(LEADER, 'leader', {
      [`GET ${TOKEN_PATH}`]: () => ({ body: { token: 'dG9rZW4tb25l', interval: 120, remainingTime: 100 } }),
      [`DELETE ${TOKEN_PATH}`]: () => ({
        status: 409,
        body: { code: 'Conflict', message: 'A cluster exists on this host (demo): delete the cluster before stopping token generation' },
      }),
    });
    const h = await harness();
    await h.core.handlers['hosts.add']({ address: leader.url });
    const task = await h.runTask(h.core.handlers['link.stopToken']({ hostId: LEADER }));
    expect(task.state).toBe('failed');
    expect(task.hosts[0]).toMatchObject({ state: 'refused', message: expect.stringMatching(/refused: A cluster exists on this host \(demo\)/) });
  });

  it('never claims a stop the host did not confirm: a 404 to the stop call names the Local UI', async () => {
    const leader = await fakeHost(LEADER, 'leader', {
      [`GET ${TOKEN_PATH}`]: () => ({ body: { generating: true, token: 'dG9rZW4tb25l', interval: 120, remainingTime: 100 } }),
      [`DELETE ${TOKEN_PATH}`]: () => ({ status: 404, body: { code: 'NotFound', message: 'no such route' } }),
    });
    const h = await harness();
    await h.core.handlers['hosts.add']({ address: leader.url });
    const task = await h.runTask(h.core.handlers['link.stopToken']({ hostId: LEADER }));
    expect(task.state).toBe('failed');
    expect(task.hosts[0]).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/has no call to stop token generation.*Local UI.*https:\/\/127\.0\.0\.1:\d+/),
    });
  });

  it("takes the extension's 200 on stop as confirmed", async () => {
    let generating = true;
    const leader = await fakeHost(LEADER, 'leader', {
      [`GET ${TOKEN_PATH}`]: () => ({
        body: generating ? { generating: true, token: 'dG9rZW4tb25l', interval: 120, remainingTime: 100 } : { generating: false },
      }),
      [`DELETE ${TOKEN_PATH}`]: () => {
        generating = false;
        return { body: { message: 'Token generation stopped' } };
      },
    });
    const h = await harness();
    await h.core.handlers['hosts.add']({ address: leader.url });
    const task = await h.runTask(h.core.handlers['link.stopToken']({ hostId: LEADER }));
    expect(task.hosts[0]).toMatchObject({ state: 'succeeded', message: 'Token generation stopped' });
    expect((await h.host(LEADER)).token).toMatchObject({ generating: false, support: 'ok' });
  });
});
