// Bulk unlink and dissolve group (issue 13) against simulated hosts: a selection of followers unlinked in one task
// with a row per host, a host In-Use refused with its reason while the others go, and a whole group dissolved:
// every follower unlinked, then token generation stopped where the agent allows it (the spec profile has no stop
// call: the leader's row says to use its Local UI, the followers are free all the same).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProfileName } from '../../../simulator/site';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { SIM_PASSWORD, SIM_USER, startTestSite, type Site } from '../../test-kit/core/sim';

describe.each(['full', 'spec'] as ApiProfileName[])('bulk unlink and dissolve group (%s profile)', (profile) => {
  let site: Site;
  let h: Harness;
  const ids = (...i: number[]) => i.map((n) => site.hosts[n]!.id);

  beforeAll(async () => {
    site = await startTestSite({ profile, hosts: 6 });
    h = await startHarness({ user: SIM_USER, password: SIM_PASSWORD, trustNew: true });
    for (const sim of site.hosts) await h.core.handlers['hosts.add']({ address: sim.url });
    const [leader, ...followers] = ids(0, 1, 2, 3, 4, 5);
    const linked = await h.runTask(h.core.handlers['link.followers']({ leaderId: leader!, followerIds: followers }));
    expect(linked.state).toBe('succeeded');
  });
  afterAll(async () => {
    await h?.close();
    await site?.stop();
  });

  it('unlinks a selection in one task, with a result per host', async () => {
    const [a, b] = ids(1, 2);
    const task = await h.runTask(h.core.handlers['link.unlinkMany']({ hostIds: [a!, b!] }));
    expect(task).toMatchObject({ kind: 'unlink', state: 'succeeded', title: 'Unlink 2 hosts', phase: '2 of 2 hosts unlinked' });
    expect(task.hosts.map((r) => [r.hostId, r.state])).toEqual([
      [a, 'succeeded'],
      [b, 'succeeded'],
    ]);
    expect((await h.host(a!)).role).toBe('standalone');
    expect((await h.host(b!)).role).toBe('standalone');
  });

  it('dissolves a group: every follower unlinked, then the token stopped where the agent allows it', async () => {
    const [leader, c, d, e] = ids(0, 3, 4, 5);
    const task = await h.runTask(h.core.handlers['link.dissolve']({ leaderId: leader! }));
    const rows = Object.fromEntries(task.hosts.map((r) => [r.hostId, r]));
    for (const f of [c, d, e]) expect(rows[f!]?.state).toBe('succeeded');
    for (const f of [c, d, e]) expect((await h.host(f!)).role).toBe('standalone');
    if (profile === 'full') {
      expect(task.state).toBe('succeeded');
      expect(rows[leader!]?.state).toBe('succeeded');
      expect(task.phase).toBe('3 of 3 followers unlinked; token generation stopped');
    } else {
      // No stop call on a spec-only agent: the followers are free, the leader's row says where to finish.
      expect(task.state).toBe('partial');
      expect(rows[leader!]?.message).toMatch(/Local UI/);
      // As after its own Stop: the card says the stop is not seen, and its token is no longer read (generate-token
      // would start leadership again once stopped there).
      expect((await h.host(leader!)).token).toMatchObject({ generating: false, stopUnconfirmed: true });
    }
  });
});
