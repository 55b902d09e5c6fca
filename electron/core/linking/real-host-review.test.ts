// Review of the real-host rules against fake hosts over real HTTPS: the extension learned from the host's own
// answer (a page served for any path is no extension), stop never sent to an agent not known to have the call,
// the follower-unlink fallback (only on a 400, only once, both refusals said), and a link run that made a leader
// nobody joined saying so.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { defaultRoutes, startFakeHost, type FakeHost, type FakeRoute } from '../../test-kit/core/fake-host';

const LEADER = `edge-${'4d'.repeat(16)}`;
const FOLLOWER = `edge-${'5e'.repeat(16)}`;
const STATUS = 'GET /v1/edge-mgmt/edgehosts/current/link/status';
const TOKEN_STATE = 'GET /v1/edge-mgmt/edgehosts/current/link/token';
const GENERATE = 'POST /v1/edge-mgmt/edgehosts/current/link/generate-token';
const UNLINK = 'POST /v1/edge-mgmt/edgehosts/current/unlink';
const LINK = 'POST /v1/edge-mgmt/edgehosts/current/link';
const TOKEN = Buffer.from('opaque-token-of-the-review-test').toString('base64');

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function host(id: string, name: string, patch: Record<string, FakeRoute | null> = {}): Promise<FakeHost> {
  const routes = defaultRoutes(id, name);
  for (const [key, route] of Object.entries(patch)) {
    if (route) routes.set(key, route);
    else routes.delete(key);
  }
  const h = await startFakeHost({ routes });
  open.unshift(h);
  return h;
}

async function harness(): Promise<Harness> {
  const h = await startHarness({ user: 'kairos', password: 'kairos', trustNew: true });
  open.push(h);
  return h;
}

const count = (h: FakeHost, key: string) => h.requests.filter((r) => `${r.method} ${r.path}` === key).length;

describe('the token-state extension, learned from the host itself', () => {
  it('takes a 200 that is not a token state (a web page for any path) as no extension, and reads the role from link status', async () => {
    const page: FakeRoute = () => ({ raw: '<!doctype html><title>Local UI</title>' });
    const leader = await host(LEADER, 'paged', {
      [TOKEN_STATE]: page,
      'DELETE /v1/edge-mgmt/edgehosts/current/link/token': page,
      [STATUS]: () => ({ body: { status: 'completed', peers: [{ id: FOLLOWER, ip: '127.0.0.1', localUIPort: '5080', role: 'Follower' }] } }),
      [GENERATE]: () => ({ body: { token: TOKEN, interval: 120, remainingTime: 70 } }),
    });
    const h = await harness();
    const view = await h.core.handlers['hosts.add']({ address: leader.url });
    expect(view).toMatchObject({ access: 'ok', role: 'leader', linkStatus: 'Completed', token: { generating: true, remainingSec: 70, support: 'ok' } });
    // Stop: nothing is sent to a path that answered like a page; the technician is sent to the Local UI.
    const stop = await h.runTask(h.core.handlers['link.stopToken']({ hostId: LEADER }));
    expect(stop.state).not.toBe('succeeded');
    expect(count(leader, 'DELETE /v1/edge-mgmt/edgehosts/current/link/token')).toBe(0);
  });

  it('learns nothing from a 500 on the extension path: the host is read all the same, and stop is not sent', async () => {
    const leader = await host(LEADER, 'flaky', { [TOKEN_STATE]: () => ({ status: 500, body: { message: 'internal error' } }) });
    const h = await harness();
    const view = await h.core.handlers['hosts.add']({ address: leader.url });
    expect(view).toMatchObject({ access: 'ok', role: 'standalone' });
    const stop = await h.runTask(h.core.handlers['link.stopToken']({ hostId: LEADER }));
    expect(stop.hosts[0]).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/cannot tell whether its API can stop token generation: try again in a moment, or stop it in the host's Local UI/),
    });
    expect(leader.requests.some((r) => r.method === 'DELETE')).toBe(false);
    expect(count(leader, GENERATE)).toBe(0);
  });

  it('never sends stop to an agent without the extension, and says where to do it', async () => {
    const leader = await host(LEADER, 'spec-leader', { [TOKEN_STATE]: null });
    const h = await harness();
    await h.core.handlers['hosts.add']({ address: leader.url });
    const stop = await h.runTask(h.core.handlers['link.stopToken']({ hostId: LEADER }));
    expect(stop.state).toBe('failed');
    expect(stop.hosts[0]!.message).toMatch(/has no call to stop token generation.*Local UI/);
    expect(leader.requests.some((r) => r.method === 'DELETE')).toBe(false);
  });
});

describe('unlink on a follower', () => {
  const linkedFollower = (unlink: FakeRoute) => ({
    [TOKEN_STATE]: null,
    [STATUS]: () => ({ body: { status: 'Completed', peers: [{ id: LEADER, ip: '127.0.0.1', localUIPort: '5080', role: 'leader' }] } }),
    [UNLINK]: unlink,
  });

  it('tries the other id only once, and says both answers and what to do when both are refused', async () => {
    const sent: string[] = [];
    const follower = await host(
      FOLLOWER,
      'stubborn',
      linkedFollower((req) => {
        sent.push(req.query.get('peerId') ?? '');
        return { status: 400, body: { message: sent.length === 1 ? 'peer not found' : 'host is In-Use' } };
      }),
    );
    const h = await harness();
    await h.core.handlers['hosts.add']({ address: follower.url });
    const task = await h.runTask(h.core.handlers['link.unlink']({ hostId: FOLLOWER, fromLeader: false }));
    expect(sent).toEqual([LEADER, FOLLOWER]);
    expect(task.hosts[0]).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(
        /refused to unlink with its leader's id \(peer not found\) and with its own id \(host is In-Use\)\. Unlink it from its leader instead/,
      ),
    });
  });

  it('does not try the other id on an answer other than 400', async () => {
    for (const status of [409, 500, 403]) {
      const sent: string[] = [];
      const follower = await host(
        FOLLOWER,
        `refusing-${status}`,
        linkedFollower((req) => {
          sent.push(req.query.get('peerId') ?? '');
          return { status, body: { message: `no (${status})` } };
        }),
      );
      const h = await harness();
      await h.core.handlers['hosts.add']({ address: follower.url });
      const task = await h.runTask(h.core.handlers['link.unlink']({ hostId: FOLLOWER, fromLeader: false }));
      expect(sent, `HTTP ${status}`).toEqual([LEADER]);
      expect(task.hosts[0]!.state, `HTTP ${status}`).not.toBe('succeeded');
      expect(task.hosts[0]!.message, `HTTP ${status}`).toContain(`no (${status})`);
    }
  });
});

describe('a link run that made a leader nobody joined', () => {
  it('says that the leader now generates tokens with no followers, and what to do', async () => {
    const leader = await host(LEADER, 'new-leader', {
      [TOKEN_STATE]: null,
      [GENERATE]: () => ({ body: { token: TOKEN, interval: 120, remainingTime: 100 } }),
    });
    const follower = await host(FOLLOWER, 'secret-leader', {
      [TOKEN_STATE]: null,
      [LINK]: () => ({ status: 400, body: { message: 'This host is generating link tokens' } }),
    });
    const h = await harness();
    await h.core.handlers['hosts.add']({ address: leader.url });
    await h.core.handlers['hosts.add']({ address: follower.url });
    const task = await h.runTask(h.core.handlers['link.followers']({ leaderId: LEADER, followerIds: [FOLLOWER] }));
    expect(task.hosts[0]).toMatchObject({ state: 'failed', message: expect.stringMatching(/This host is generating link tokens/) });
    expect(task.phase).toMatch(
      /new-leader now generates link tokens \(this run asked it to start\) and no host joined it: link hosts to it, or stop its token generation/,
    );
  });
});
