// An apply that fails part-way still leaves its result: plan.result answers the steps it ran and the error, not "it
// may still be running". And an apply that ends with the site not matching says why with the right code.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanAction, PlanCheck } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { EventBus } from '../event-bus';
import { silentLogger } from '../log';
import { TaskManager } from '../tasks/task-manager';
import { applyPlanTask, ApplyResults, describeGap, gapCode, type ApplyDeps } from './apply-plan';

let dir: string;
let planFile: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-apply-plan-'));
  planFile = path.join(dir, 'site.yaml');
  // Its bundle is gone by the time the apply checks the site again: that check reports the plan's problem.
  await writeFile(planFile, 'version: 1\ngroups:\n  - leader: store-a\n    content: [gone.tar.zst]\n  - leader: store-b\n    content: [gone.tar.zst]\n');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const upload = (leaderId: string): PlanAction => ({
  kind: 'upload',
  hostId: leaderId,
  hostName: leaderId,
  leaderId,
  leaderName: leaderId,
  file: path.join(dir, 'gone.tar.zst'),
  line: 4,
  description: `Upload gone.tar.zst to ${leaderId}.`,
});

const check = (over: Partial<PlanCheck> = {}): PlanCheck => ({
  file: '/plans/site.yaml',
  site: null,
  prune: false,
  problems: [],
  actions: [],
  blocked: [],
  groups: [],
  matches: false,
  ...over,
});

describe('applyPlanTask', () => {
  it('records what a failed apply did and why, for plan.result', async () => {
    const tasks = new TaskManager(new EventBus(), silentLogger);
    const deps: ApplyDeps = {
      ctx: { tasks } as unknown as CoreContext,
      startUploads: async (hostId) => {
        if (hostId === 'edge-b') throw new ConsoleError('file-rejected', 'gone.tar.zst changed after it was checked.');
        return [tasks.start({ kind: 'upload', title: `Upload gone.tar.zst to ${hostId}`, run: async () => {} }).id];
      },
    };
    const results = new ApplyResults();
    const before = check({ actions: [upload('edge-a'), upload('edge-b')] });
    const started = tasks.start(applyPlanTask(deps, results, planFile, false, before));
    const ended = await tasks.settled(started.id);
    expect(ended).toMatchObject({ state: 'failed', error: { code: 'file-rejected' } });
    const result = results.get(started.id);
    expect(result.error).toBe('gone.tar.zst changed after it was checked.');
    expect(result.before).toBe(before);
    // The upload that did start is waited for and shown.
    expect(result.tasks).toEqual([expect.objectContaining({ kind: 'upload', state: 'succeeded', title: 'Upload gone.tar.zst to edge-a' })]);
    expect(result.taskIds).toEqual([result.tasks[0]!.id]);
    expect(result.after?.problems.map((p) => p.line)).toEqual([4, 6]);
    expect(result.after?.problems[0]?.message).toMatch(/gone\.tar\.zst/);
  });

  it('says an apply failed before it finished when it could not even check the plan', async () => {
    const tasks = new TaskManager(new EventBus(), silentLogger);
    const entry = { key: 'edge-a', online: false };
    // Host entries without the monitor that reads hosts (no ping): the check of the plan throws unexpectedly.
    const deps = {
      ctx: { tasks, entries: { find: () => entry, all: () => [entry] } },
      startUploads: async () => [],
    } as unknown as ApplyDeps;
    const results = new ApplyResults();
    const hostsOnly = path.join(dir, 'hosts-only.yaml');
    await writeFile(hostsOnly, 'version: 1\ngroups:\n  - leader: store-a\n');
    // A retry checks the plan afresh (no `before`): here that check itself fails.
    const started = tasks.start(applyPlanTask(deps, results, hostsOnly, false, null));
    const ended = await tasks.settled(started.id);
    expect(ended.state).toBe('failed');
    expect(() => results.get(started.id)).toThrow(/^This apply failed before it finished: .+ Check the plan and the hosts, then apply again\.$/);
    expect(() => results.get('task-unknown')).toThrow(/may still be running/);
  });
});

describe('gapCode and describeGap', () => {
  const follower = { ref: 'b', hostId: 'edge-b', name: 'store-b', state: 'ok' as const, note: '', sync: 'InProgress' };
  const group = {
    leader: { ref: 'a', hostId: 'edge-a', name: 'store-a', state: 'ok' as const, note: '' },
    followers: [follower],
    content: [{ path: '/b.tar.zst', name: 'b.tar.zst', size: 1, sha256: 'ab'.repeat(32), state: 'ok' as const, note: '' }],
  };

  it('answers timeout when only the content sync is missing, refused with actions left, preflight-failed when blocked', () => {
    const syncing = check({ groups: [group] });
    expect(gapCode(syncing)).toBe('timeout');
    expect(describeGap(syncing)).toMatch(/the content has not reached store-b \(InProgress\) yet/);
    expect(gapCode(check({ actions: [upload('edge-a')] }))).toBe('refused');
    expect(gapCode(check({ actions: [upload('edge-a')], blocked: [{ ref: 'c', hostId: null, name: 'c', line: 3, reasons: ['Offline.'] }] }))).toBe(
      'preflight-failed',
    );
  });
});
