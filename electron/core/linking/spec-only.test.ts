// Linking against agents that speak only the published API (no token-state extension, wrong password → 400),
// driven with fake hosts over real HTTPS: roles and tokens without the extension, the console's own record of the
// leaders it made, stop without a stop call, unlink ids, preflight on real fields, and one login per command.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { defaultRoutes, startFakeHost, type FakeHost, type FakeRoute } from '../../test-kit/core/fake-host';

const LEADER = `edge-${'1a'.repeat(16)}`;
const FOLLOWER = `edge-${'2b'.repeat(16)}`;
const OTHER = `edge-${'3c'.repeat(16)}`;
const STATUS_PATH = '/v1/edge-mgmt/edgehosts/current/link/status';
const GENERATE = 'POST /v1/edge-mgmt/edgehosts/current/link/generate-token';
const TOKEN = Buffer.from('opaque-leader-token-without-an-address').toString('base64');

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

/** A host with only the published API: the extension's path answers 404 like any unknown route. */
async function specHost(id: string, name: string, patch: Record<string, FakeRoute> = {}): Promise<FakeHost> {
  const routes = defaultRoutes(id, name);
  routes.delete('GET /v1/edge-mgmt/edgehosts/current/link/token');
  routes.set('POST /v1/users/default/login', (req) => {
    const b = req.body as { username?: string; password?: string };
    return b?.username === 'kairos' && b.password === 'kairos'
      ? { body: { IsFirstLogin: false, Token: { Authorization: 'spec-session-token' } } }
      : { status: 400, body: { code: 'BadRequest', message: 'invalid credentials' } };
  });
  for (const [key, route] of Object.entries(patch)) routes.set(key, route);
  const host = await startFakeHost({ routes });
  open.unshift(host);
  return host;
}

async function harness(opts: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness({ user: 'kairos', password: 'kairos', trustNew: true, ...opts });
  open.push(h);
  return h;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-spec-'));
  open.push({ close: () => rm(dir, { recursive: true, force: true }) });
  return dir;
}

const generates = (host: FakeHost) => host.requests.filter((r) => `${r.method} ${r.path}` === GENERATE).length;

/** A leader that starts generating on the first generate-token and lists `followers` in its link status. */
function leaderRoutes(state: { generating: boolean; followers: string[] }): Record<string, FakeRoute> {
  return {
    [GENERATE]: () => {
      state.generating = true;
      return { body: { token: TOKEN, interval: 120, remainingTime: 90 } };
    },
    [`GET ${STATUS_PATH}`]: () =>
      state.followers.length
        ? { body: { status: 'Completed', peers: state.followers.map((id) => ({ id, ip: '127.0.0.1', localUIPort: '5080', role: 'follower' })) } }
        : { status: 404, body: { message: 'not linked' } },
  };
}

describe('agents without the token-state extension', () => {
  it('reads a leader with followers as leader, and its token with generate-token', async () => {
    const state = { generating: true, followers: [FOLLOWER] };
    const leader = await specHost(LEADER, 'leader', leaderRoutes(state));
    const h = await harness();
    const view = await h.core.handlers['hosts.add']({ address: leader.url });
    expect(view.role).toBe('leader');
    expect(view.token).toMatchObject({ generating: true, remainingSec: 90 });
    const token = await h.core.handlers['link.token']({ hostId: LEADER });
    expect(token).toMatchObject({ token: TOKEN, remainingSec: 90, intervalSec: 120, leaderAddress: null });
  });

  it('never calls generate-token on a host not known to lead, and says how to make it leader', async () => {
    const leader = await specHost(LEADER, 'standalone', leaderRoutes({ generating: false, followers: [] }));
    const h = await harness();
    const view = await h.core.handlers['hosts.add']({ address: leader.url });
    expect(view.role).toBe('standalone');
    expect(view.token).toMatchObject({ generating: false, support: 'unsupported' });
    await expect(h.core.handlers['link.token']({ hostId: LEADER })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/Make it the leader first/),
    });
    expect(generates(leader)).toBe(0);
  });

  it('remembers the leaders it made across runs, reads their token, and refuses them as followers beforehand', async () => {
    const stateDir = await tempDir();
    const state = { generating: false, followers: [] as string[] };
    const made = await specHost(LEADER, 'made-leader', leaderRoutes(state));
    const other = await specHost(OTHER, 'other-leader', leaderRoutes({ generating: false, followers: [] }));
    const first = await harness({ stateDir });
    await first.core.handlers['hosts.add']({ address: made.url });
    const task = await first.runTask(first.core.handlers['link.makeLeader']({ hostId: LEADER }));
    expect(task.state).toBe('succeeded');
    await first.close();
    open.splice(open.indexOf(first), 1);

    // A new run (a new CLI command): the record says this host leads, though it lists no followers.
    const second = await harness({ stateDir });
    const view = await second.core.handlers['hosts.add']({ address: made.url });
    expect(view.role).toBe('leader');
    expect(await second.core.handlers['link.token']({ hostId: LEADER })).toMatchObject({ token: TOKEN });
    await second.core.handlers['hosts.add']({ address: other.url });
    const link = await second.runTask(second.core.handlers['link.followers']({ leaderId: OTHER, followerIds: [LEADER] }));
    expect(link.hosts[0]).toMatchObject({ state: 'refused', message: expect.stringMatching(/generating link tokens \(it is a leader\)/) });
    // Refused before anything was sent: the chosen leader was not made to generate tokens.
    expect(generates(other)).toBe(0);
  });

  it("fails a follower that generates tokens itself with the host's own reason", async () => {
    const leader = await specHost(LEADER, 'leader', leaderRoutes({ generating: false, followers: [] }));
    const follower = await specHost(FOLLOWER, 'secret-leader', {
      'POST /v1/edge-mgmt/edgehosts/current/link': () => ({
        status: 400,
        body: { code: 'BadRequest', message: 'This host is generating link tokens and cannot be linked to another leader' },
      }),
    });
    const h = await harness();
    await h.core.handlers['hosts.add']({ address: leader.url });
    await h.core.handlers['hosts.add']({ address: follower.url });
    const task = await h.runTask(h.core.handlers['link.followers']({ leaderId: LEADER, followerIds: [FOLLOWER] }));
    expect(task.hosts[0]).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/refused to link to the leader: This host is generating link tokens/),
    });
  });

  it('says in one sentence that the API has no stop call, offers the Local UI, and claims nothing', async () => {
    const leader = await specHost(LEADER, 'leader', leaderRoutes({ generating: false, followers: [] }));
    const h = await harness();
    await h.core.handlers['hosts.add']({ address: leader.url });
    expect((await h.runTask(h.core.handlers['link.makeLeader']({ hostId: LEADER }))).state).toBe('succeeded');
    const task = await h.runTask(h.core.handlers['link.stopToken']({ hostId: LEADER }));
    expect(task.state).toBe('failed');
    // A Retry would ask the same API again: none is offered, and the code says it cannot be done here.
    expect(task).toMatchObject({ retryable: false, error: { code: 'unsupported' } });
    const message = task.hosts[0]!.message!;
    expect(message).toMatch(new RegExp(`^The API of leader has no call to stop token generation, .*Local UI.* at https://127\\.0\\.0\\.1:${leader.port}$`));
    expect(message.split('. ')).toHaveLength(1);
    expect(leader.requests.some((r) => r.method === 'DELETE')).toBe(false);
    // Not reported as done: the card says the stop is not seen from here (its token is no longer read either way).
    const view = await h.core.handlers['hosts.get']({ host: LEADER });
    expect(view.token).toMatchObject({ generating: false, support: 'unsupported', stopUnconfirmed: true });
  });

  it('drops the "stop not seen" note once the host follows a leader (an agent links only when not generating)', async () => {
    let follows = false;
    const leader = await specHost(LEADER, 'leader', {
      ...leaderRoutes({ generating: false, followers: [] }),
      [`GET ${STATUS_PATH}`]: () =>
        follows
          ? { body: { status: 'Completed', peers: [{ id: OTHER, ip: '127.0.0.1', localUIPort: '5080', role: 'leader' }] } }
          : { status: 404, body: { message: 'not linked' } },
    });
    const h = await harness();
    await h.core.handlers['hosts.add']({ address: leader.url });
    await h.runTask(h.core.handlers['link.makeLeader']({ hostId: LEADER }));
    await h.runTask(h.core.handlers['link.stopToken']({ hostId: LEADER }));
    // Still standalone after a read: nothing shows the stop, so the note stays.
    expect((await h.core.handlers['hosts.refresh']({ hostId: LEADER })).token).toMatchObject({ stopUnconfirmed: true });
    follows = true;
    const view = await h.core.handlers['hosts.refresh']({ hostId: LEADER });
    expect(view.role).toBe('follower');
    expect(view.token).toMatchObject({ generating: false, stopUnconfirmed: false });
  });
});

describe('unlink on a follower', () => {
  it("sends its leader's id, tries its own once on a 400, and remembers what worked per agent version", async () => {
    const sent: string[] = [];
    let linked = true;
    const follower = await specHost(FOLLOWER, 'follower', {
      [`GET ${STATUS_PATH}`]: () =>
        linked
          ? { body: { status: 'Completed', peers: [{ id: LEADER, ip: '127.0.0.1', localUIPort: '5080', role: 'leader' }] } }
          : { status: 404, body: { message: 'not linked' } },
      'POST /v1/edge-mgmt/edgehosts/current/unlink': (req) => {
        const id = req.query.get('peerId') ?? '';
        sent.push(id);
        if (id !== FOLLOWER) return { status: 400, body: { code: 'BadRequest', message: 'peerId is not this host' } };
        linked = false;
        return { body: { message: 'Unlinked' } };
      },
    });
    const h = await harness();
    await h.core.handlers['hosts.add']({ address: follower.url });
    const first = await h.runTask(h.core.handlers['link.unlink']({ hostId: FOLLOWER, fromLeader: false }));
    expect(first.hosts[0]).toMatchObject({ state: 'succeeded' });
    expect(sent).toEqual([LEADER, FOLLOWER]);

    linked = true;
    await h.core.handlers['hosts.refresh']({ hostId: FOLLOWER });
    const second = await h.runTask(h.core.handlers['link.unlink']({ hostId: FOLLOWER, fromLeader: false }));
    expect(second.hosts[0]).toMatchObject({ state: 'succeeded' });
    expect(sent).toEqual([LEADER, FOLLOWER, FOLLOWER]);
  });
});

describe('preflight on real fields', () => {
  async function linkWith(followerSettings: Record<string, unknown>) {
    const leader = await specHost(LEADER, 'leader', leaderRoutes({ generating: false, followers: [] }));
    const follower = await specHost(FOLLOWER, 'follower', {
      'GET /v1/edge-mgmt/settings': () => ({ body: followerSettings }),
      'POST /v1/edge-mgmt/edgehosts/current/link': () => ({ body: { status: 'Completed', peers: [{ id: LEADER, ip: '127.0.0.1', role: 'leader' }] } }),
    });
    const h = await harness();
    await h.core.handlers['hosts.add']({ address: leader.url });
    await h.core.handlers['hosts.add']({ address: follower.url });
    const task = await h.runTask(h.core.handlers['link.followers']({ leaderId: LEADER, followerIds: [FOLLOWER] }));
    return { task, leader };
  }

  it('refuses a host installed in connected mode, before the leader is touched', async () => {
    const { task, leader } = await linkWith({ installationMode: 'connected', managementMode: 'local', featureFlags: { enableMultiNode: true } });
    expect(task.hosts[0]).toMatchObject({ state: 'refused', message: expect.stringMatching(/installed in connected mode.*airgap/) });
    expect(generates(leader)).toBe(0);
  });

  it('warns, and links, when the installation mode is missing or central management is reported', async () => {
    const { task } = await linkWith({ managementMode: 'central', featureFlags: { enableMultiNode: true } });
    expect(task.hosts[0]).toMatchObject({ state: 'succeeded' });
    expect(task.hosts[0]!.message).toMatch(
      /^Linked to leader\. Warning: .*follower does not report its installation mode.*follower reports central management/,
    );
  });
});

describe('logins', () => {
  const logins = (host: FakeHost) => host.requests.filter((r) => r.path === '/v1/users/default/login').length;

  it('makes one login attempt per command with a wrong password, remembers it, and retries only when told', async () => {
    const stateDir = await tempDir();
    const host = await specHost(LEADER, 'leader');
    const command = async (retry: boolean) => {
      const h = await harness({ stateDir, password: 'wrong', loginGuard: { retry } });
      const view = await h.core.handlers['hosts.add']({ address: host.url });
      await h.core.handlers['hosts.refresh']({ hostId: view.id });
      // Refused (no login): what counts here is that it made no second login attempt.
      await h.core.handlers['link.token']({ hostId: view.id }).catch(() => undefined);
      const after = await h.core.handlers['hosts.refresh']({ hostId: view.id });
      await h.close();
      open.splice(open.indexOf(h), 1);
      return after;
    };
    const first = await command(false);
    expect(first.access).toBe('auth-failed');
    expect(logins(host)).toBe(1);
    const second = await command(false);
    expect(second.accessMessage).toMatch(/does not try kairos on .* again before \d\d:\d\d UTC.*--retry-login/);
    expect(logins(host)).toBe(1);
    await command(true);
    expect(logins(host)).toBe(2);
  });
});
