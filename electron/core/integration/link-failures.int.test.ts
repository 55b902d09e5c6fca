// Linking when things go wrong on real (simulated) hosts: a follower dies mid-link, and the leader's one-time
// password rotates (every 2 s here) while a run is still going.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { SIM_PASSWORD, SIM_USER, startTestSite, type Site } from '../../test-kit/core/sim';
import { waitFor } from '../../test-kit/core/wait';

let site: Site | null = null;
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  await site?.stop();
  h = null;
  site = null;
});

async function setup(opts: Parameters<typeof startTestSite>[0]): Promise<{ site: Site; h: Harness }> {
  site = await startTestSite(opts);
  h = await startHarness({ user: SIM_USER, password: SIM_PASSWORD, trustNew: true });
  for (const sim of site.hosts) await h.core.handlers['hosts.add']({ address: sim.url });
  return { site, h };
}

describe('link failures', () => {
  it('reports a follower that dies mid-link and links the others', async () => {
    const { site, h } = await setup({ hosts: 4, linkStepMs: 700 });
    const [leader, a, dying, b] = site.hosts as [Site['hosts'][number], Site['hosts'][number], Site['hosts'][number], Site['hosts'][number]];
    const { taskId } = await h.core.handlers['link.followers']({ leaderId: leader.id, followerIds: [a.id, dying.id, b.id] });
    // Once the token has been handed to the follower, it goes away.
    await waitFor(() => h.core.context.tasks.get(taskId).hosts.find((r) => r.hostId === dying.id && r.detail !== null), { what: 'link under way' });
    await dying.down();
    const task = await h.core.context.tasks.settled(taskId);
    expect(task.state).toBe('partial');
    const rows = new Map(task.hosts.map((r) => [r.hostId, r]));
    expect(rows.get(a.id)!.state).toBe('succeeded');
    expect(rows.get(b.id)!.state).toBe('succeeded');
    expect(rows.get(dying.id)).toMatchObject({ state: 'failed', message: expect.stringMatching(/cut off|Nothing answers|went down|did not answer/) });
    expect(task.retryable).toBe(true);
    // Retry: the same inputs, a new task that names the old one; the linked hosts are now refused as already linked.
    await dying.up();
    await h.waitHost(dying.id, (v) => v.online && v.access === 'ok', 8_000, 'back online');
    const { taskId: retryId } = await h.core.handlers['tasks.retry']({ taskId });
    const retried = await h.core.context.tasks.settled(retryId);
    expect(retried.retryOf).toBe(taskId);
    expect(new Map(retried.hosts.map((r) => [r.hostId, r.state])).get(a.id)).toBe('refused');
    expect(new Map(retried.hosts.map((r) => [r.hostId, r.state])).get(dying.id)).toBe('succeeded');
  });

  it('replaces the token when it expires during a run', async () => {
    const { site, h } = await setup({ hosts: 7, tokenIntervalSec: 2, linkStepMs: 250 });
    await h.core.handlers['settings.set']({ linkConcurrency: 1 });
    const [leader, ...followers] = site.hosts;
    const started = Date.now();
    const task = await h.runTask(h.core.handlers['link.followers']({ leaderId: leader!.id, followerIds: followers.map((f) => f.id) }));
    expect(Date.now() - started).toBeGreaterThan(2_000); // the run outlived at least one token
    expect(task.state).toBe('succeeded');
    expect(task.hosts.every((r) => r.state === 'succeeded')).toBe(true);
    const used = Number(/\((\d+) tokens? used\)/.exec(task.phase ?? '')?.[1]);
    expect(used).toBeGreaterThanOrEqual(2);
    const report = await h.core.handlers['link.validate']({ leaderId: leader!.id });
    expect(report.ok).toBe(true);
    expect(report.followers).toHaveLength(6);
  });

  it('cancels a run', async () => {
    const { site, h } = await setup({ hosts: 4, linkStepMs: 800 });
    await h.core.handlers['settings.set']({ linkConcurrency: 1 });
    const [leader, ...followers] = site.hosts;
    const { taskId } = await h.core.handlers['link.followers']({ leaderId: leader!.id, followerIds: followers.map((f) => f.id) });
    await waitFor(() => h.core.context.tasks.get(taskId).hosts.some((r) => r.state === 'running'), { what: 'running' });
    const cancelling = await h.core.handlers['tasks.cancel']({ taskId });
    expect(cancelling.phase).toBe('Cancelling');
    const task = await h.core.context.tasks.settled(taskId);
    expect(task.state).toBe('cancelled');
    expect(task.hosts.some((r) => r.state === 'cancelled')).toBe(true);
  });
});
