// Site plans against a simulated site of six hosts: plan lists the actions (nothing sent), apply makes the site
// match (leader lists 4, bundle verified and synced), a second plan lists none, a follower unlinked by hand is the
// only one relinked; bad plans are refused whole with their line; the report and the action log tell what was done.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanApplyResult, PlanCheck, TaskView } from '../../../shared/contract';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { waitFor } from '../../test-kit/core/wait';
import { SIM_PASSWORD, SIM_USER, startTestSite, type Site } from '../../test-kit/core/sim';
import { makeFile } from '../../test-kit/uploads';
import type { CommissioningReport } from '../report/report-data';
import { parsePlanText } from './parse-plan';

let site: Site;
let h: Harness;
let dir: string;
let bundle: { path: string; sha256: string; size: number };

const sim = (i: number) => site.hosts[i]!;

async function adminState(i: number): Promise<{
  role: string;
  group: { leaderId: string } | null;
  lastUpload: { fileName: string; sha256Hash: string } | null;
}> {
  return (await (await fetch(`${sim(i).admin}/state`)).json()) as never;
}

async function writePlan(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

function mainPlan(): string {
  return [
    'version: 1',
    'site: Store 42',
    'groups:',
    `  - leader: ${sim(0).name}`,
    `    followers: [${sim(1).name}, ${sim(2).id}, "127.0.0.1:${sim(3).port}", ${sim(4).name}]`,
    '    content: [bundles/store-apps.tar.zst]',
    '',
  ].join('\n');
}

const check = (file: string, prune = false): Promise<PlanCheck> => h.core.handlers['plan.check']({ path: file, prune });

/** Starts the apply task, waits for its end, and answers its view with what it did. */
async function apply(file: string, prune = false): Promise<PlanApplyResult & { task: TaskView }> {
  const task = await h.runTask(h.core.handlers['plan.apply']({ path: file, prune }));
  return { ...(await h.core.handlers['plan.result']({ taskId: task.id })), task };
}

// Both simulator profiles: the default one, and the spec-only one (no token-state extension, 'Synced' words).
for (const profile of ['full', 'spec'] as const) {
  describe(`on the ${profile} simulator profile`, () => {
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-plans-'));
      await mkdir(path.join(dir, 'bundles'));
      bundle = await makeFile(path.join(dir, 'bundles'), 'store-apps.tar.zst', 2 * 1024 * 1024 + 5);
      site = await startTestSite({ hosts: 6, profile });
      h = await startHarness({
        user: SIM_USER,
        password: SIM_PASSWORD,
        trustNew: true,
      });
      for (const s of site.hosts) await h.core.handlers['hosts.add']({ address: s.url });
      for (const s of site.hosts) await h.waitHost(s.id, (v) => v.access === 'ok' && v.role !== 'unknown', 20_000);
    });

    afterAll(async () => {
      await h?.close();
      await site?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    describe('a plan of one leader, four followers and one bundle', () => {
      let planFile: string;

      it('plan lists the actions in order and sends nothing', async () => {
        planFile = await writePlan('store42.yaml', mainPlan());
        const result = await check(planFile);
        expect(result.problems).toEqual([]);
        expect(result.blocked).toEqual([]);
        expect(result.actions.map((a) => [a.kind, a.hostId])).toEqual([
          ['make-leader', sim(0).id],
          ['link', sim(1).id],
          ['link', sim(2).id],
          ['link', sim(3).id],
          ['link', sim(4).id],
          ['upload', sim(0).id],
        ]);
        expect(result.actions[5]).toMatchObject({ file: bundle.path, line: 6 });
        expect(result.matches).toBe(false);
        expect(await adminState(0)).toMatchObject({
          role: 'standalone',
          lastUpload: null,
        });
        expect(h.core.context.tasks.get).toBeDefined();
        expect((await h.core.handlers['tasks.list']({})).length).toBe(0);
      });

      it('apply makes it so: the leader lists four followers, the bundle is verified and synced', async () => {
        const result = await apply(planFile);
        expect(result.task).toMatchObject({ kind: 'apply-plan', state: 'succeeded', phase: 'The site matches the plan (3 tasks ran).' });
        expect(result.tasks.map((t) => [t.kind, t.state])).toEqual([
          ['make-leader', 'succeeded'],
          ['link', 'succeeded'],
          ['upload', 'succeeded'],
        ]);
        expect(result.after).toMatchObject({
          matches: true,
          actions: [],
          blocked: [],
        });
        const leader = await h.host(sim(0).id);
        expect(
          leader.peers
            .filter((p) => p.role === 'follower')
            .map((p) => p.id)
            .sort(),
        ).toEqual([1, 2, 3, 4].map((i) => sim(i).id).sort());
        expect((await adminState(0)).lastUpload).toMatchObject({
          fileName: 'store-apps.tar.zst',
          sha256Hash: bundle.sha256,
        });
        for (const f of result.after!.groups[0]!.followers)
          expect(f).toMatchObject({
            state: 'ok',
            sync: expect.stringMatching(/^(Completed|Synced)/),
          });
        expect(await adminState(5)).toMatchObject({ role: 'standalone' });
      });

      it('a second plan lists no action, and a second apply takes none', async () => {
        const again = await check(planFile);
        expect(again).toMatchObject({
          actions: [],
          blocked: [],
          matches: true,
        });
        const applied = await apply(planFile);
        expect(applied.tasks).toEqual([]);
        expect(applied.after?.matches).toBe(true);
      });

      it('after one follower was unlinked by hand, apply relinks only that one', async () => {
        const unlink = await h.runTask(
          h.core.handlers['link.unlink']({
            hostId: sim(2).id,
            fromLeader: false,
          }),
        );
        expect(unlink.state).toBe('succeeded');
        await h.waitHost(sim(0).id, (v) => !v.peers.some((p) => p.id === sim(2).id), 15_000, 'the leader to drop the follower');
        const before = await check(planFile);
        expect(before.actions.map((a) => [a.kind, a.hostId])).toEqual([['link', sim(2).id]]);
        const result = await apply(planFile);
        expect(result.tasks.map((t) => [t.kind, t.state, t.hosts.map((x) => x.hostId)])).toEqual([['link', 'succeeded', [sim(2).id]]]);
        expect(result.after?.matches).toBe(true);
      });

      it('an apply with a follower down does the rest and fails naming it; run again once it is back, it completes', async () => {
        for (const i of [3, 4]) {
          expect((await h.runTask(h.core.handlers['link.unlink']({ hostId: sim(i).id, fromLeader: true }))).state).toBe('succeeded');
        }
        await h.waitHost(sim(0).id, (v) => v.peers.filter((p) => p.role === 'follower').length === 2, 15_000, 'the leader to drop two followers');
        await sim(4).down();
        let result;
        try {
          await h.waitHost(sim(4).id, (v) => !v.online, 15_000, 'the host to be seen offline');
          result = await apply(planFile);
        } finally {
          await sim(4).up();
        }
        expect(result.task.state).toBe('failed');
        expect(result.task.error?.message).toMatch(new RegExp(`The site does not match the plan: 1 host is blocked \\(${sim(4).name}\\)`));
        expect(result.tasks.map((t) => [t.kind, t.hosts.map((x) => [x.hostId, x.state])])).toEqual([['link', [[sim(3).id, 'succeeded']]]]);
        expect(result.after?.blocked.map((b) => b.hostId)).toEqual([sim(4).id]);
        await h.waitHost(sim(4).id, (v) => v.online && v.access === 'ok', 20_000, 'the host to be back');
        const again = await apply(planFile);
        expect(again.task.state).toBe('succeeded');
        expect(again.tasks.map((t) => [t.kind, t.hosts.map((x) => x.hostId)])).toEqual([['link', [sim(4).id]]]);
        expect(again.after?.matches).toBe(true);
      });

      it('a cancelled apply stops (with the step under way), and the next apply completes', async () => {
        expect((await h.runTask(h.core.handlers['link.unlink']({ hostId: sim(1).id, fromLeader: true }))).state).toBe('succeeded');
        await h.waitHost(sim(0).id, (v) => !v.peers.some((p) => p.id === sim(1).id), 15_000, 'the leader to drop the follower');
        // The cancel lands once the link step is under way, so there is a step for it to stop.
        let linkStep: string | null = null;
        const off = h.core.on('tasks.changed', (t) => {
          if (t.kind === 'link' && !t.endedAt) linkStep ??= t.id;
        });
        let taskId: string;
        try {
          ({ taskId } = await h.core.handlers['plan.apply']({ path: planFile }));
          await waitFor(() => linkStep, { timeoutMs: 30_000, what: 'the link step to start' });
        } finally {
          off();
        }
        await h.core.handlers['tasks.cancel']({ taskId });
        const cancelled = await h.core.context.tasks.settled(taskId);
        expect(cancelled).toMatchObject({ kind: 'apply-plan', state: 'cancelled' });
        const result = await h.core.handlers['plan.result']({ taskId });
        expect(result.before.actions.map((a) => [a.kind, a.hostId])).toEqual([['link', sim(1).id]]);
        // The step under way was waited for (cancelled, or it finished first); no later step started.
        expect(result.taskIds).toEqual([linkStep]);
        expect(result.tasks).toEqual([expect.objectContaining({ id: linkStep, kind: 'link', state: expect.stringMatching(/^(cancelled|succeeded)$/) })]);
        expect(result.error).toBeNull();
        // The site was checked again after the cancel: the link is left to do unless the step got to finish.
        const linked = result.tasks[0]!.state === 'succeeded';
        expect(result.after!.actions.map((a) => a.hostId)).toEqual(linked ? [] : [sim(1).id]);
        const again = await apply(planFile);
        expect(again.task.state).toBe('succeeded');
        expect(again.after?.matches).toBe(true);
      });

      it('with --prune, a follower the plan no longer names is unlinked; without, it is only shown', async () => {
        const smaller = await writePlan('smaller.yaml', mainPlan().replace(`, ${sim(4).name}]`, ']'));
        const shown = await check(smaller);
        expect(shown.actions).toEqual([]);
        expect(shown.groups[0]!.followers.find((f) => f.hostId === sim(4).id)).toMatchObject({ state: 'extra' });
        const pruned = await check(smaller, true);
        expect(pruned.actions.map((a) => [a.kind, a.hostId])).toEqual([['unlink', sim(4).id]]);
      });

      it('report --format json lists every host with its pinned fingerprint, role and leader, and the bundle sha256', async () => {
        const { text } = await h.core.handlers['report.export']({
          format: 'json',
          technician: 'A. Tech',
        });
        const report = JSON.parse(text) as CommissioningReport;
        expect(report.technician).toBe('A. Tech');
        for (let i = 0; i < 6; i++) {
          const row = report.hosts.find((x) => x.id === sim(i).id);
          expect(row, sim(i).name).toMatchObject({
            fingerprint: sim(i).fingerprint,
          });
          expect(row!.role).toBe(i === 0 ? 'leader' : i <= 4 ? 'follower' : 'standalone');
          if (i >= 1 && i <= 4) expect(row!.leaderId).toBe(sim(0).id);
        }
        expect(report.bundles).toEqual([
          expect.objectContaining({
            hostId: sim(0).id,
            fileName: 'store-apps.tar.zst',
            sha256: bundle.sha256,
          }),
        ]);
        expect(report.bundles[0]!.sync).toHaveLength(4);
        expect(report.groups).toHaveLength(1);
        const csv = (await h.core.handlers['report.export']({ format: 'csv' })).text;
        expect(csv).toContain(sim(0).fingerprint);
        const html = (await h.core.handlers['report.export']({ format: 'html' })).text;
        for (const s of site.hosts) expect(html).toContain(s.id);
        expect(html).toContain('<svg');
      });

      it('the action log holds every action with its hosts and result, and no secret', async () => {
        const log = await h.core.handlers['log.list']({});
        const actions = log.map((e) => e.action);
        expect(actions).toEqual(expect.arrayContaining(['make-leader', 'link', 'upload', 'unlink', 'apply-plan']));
        expect(log.find((e) => e.action === 'link')!.hosts.map((x) => x.id)).toEqual(expect.arrayContaining([sim(1).id, sim(4).id]));
        expect(await h.core.handlers['log.list']({ action: 'unlink' })).toHaveLength(4);
        expect((await h.core.handlers['log.list']({ action: 'apply-plan' })).map((e) => e.result)).toEqual([
          'succeeded',
          'succeeded',
          'succeeded',
          'failed',
          'succeeded',
          'cancelled',
          'succeeded',
        ]);
        expect(
          await h.core.handlers['log.list']({
            host: sim(2).name,
            action: 'link',
          }),
        ).toHaveLength(2);
        const raw = await readFile(path.join(h.stateDir, 'actions.jsonl'), 'utf8');
        expect(raw.trim().split('\n').length).toBe(log.length);
        expect(raw).not.toContain(SIM_PASSWORD);
        // The session token the core holds for the leader, and the leader's current link token.
        const { authorization: session } = await h.core.context.agentFor(sim(0).id).authHeaders();
        const { token: linkToken } = await h.core.handlers['link.token']({ hostId: sim(0).id });
        expect(session?.length).toBeGreaterThan(8);
        expect(linkToken.length).toBeGreaterThan(8);
        expect(raw).not.toContain(session);
        expect(raw).not.toContain(linkToken);
      });

      it('export-plan answers the live site as a plan that reads back', async () => {
        const { text } = await h.core.handlers['plan.export']({
          site: 'Store 42',
        });
        const parsed = parsePlanText(text, path.join(dir, 'exported.yaml'));
        expect(parsed.problems).toEqual([]);
        expect(parsed.plan!.site).toBe('Store 42');
        expect(parsed.plan!.groups).toHaveLength(1);
        expect(parsed.plan!.groups[0]!.leader.ref).toBe(sim(0).name);
        expect(parsed.plan!.groups[0]!.followers.map((f) => f.ref).sort()).toEqual([1, 2, 3, 4].map((i) => sim(i).name).sort());
        expect(text).toContain(bundle.sha256);
      });
    });

    describe('bad plans are refused whole, with the line', () => {
      const cases: [string, () => string, number, RegExp][] = [
        ['an unknown host', () => `version: 1\ngroups:\n  - leader: ${sim(5).name}\n    followers:\n      - no-such-host\n`, 5, /Unknown host "no-such-host"/],
        [
          'a host in two groups',
          () =>
            `version: 1\ngroups:\n  - leader: ${sim(5).name}\n    followers: [${sim(1).name}]\n  - leader: ${sim(0).name}\n    followers: [${sim(1).name}]\n`,
          6,
          /named twice \(also on line 4\)/,
        ],
        [
          'the same host named two ways',
          () => `version: 1\ngroups:\n  - leader: ${sim(5).name}\n    followers: [${sim(1).name}]\n  - leader: ${sim(0).name}\n    followers: [${sim(1).id}]\n`,
          6,
          /are the same host/,
        ],
        [
          'a follower that is also a leader',
          () => `version: 1\ngroups:\n  - leader: ${sim(5).name}\n    followers: [${sim(0).name}]\n  - leader: ${sim(0).name}\n`,
          4,
          /a follower here and a leader on line 5/,
        ],
        [
          'a missing bundle file',
          () => `version: 1\ngroups:\n  - leader: ${sim(5).name}\n    content:\n      - bundles/missing.tar.zst\n`,
          5,
          /missing\.tar\.zst was not found/,
        ],
        ['a wrong version', () => `version: 2\ngroups:\n  - leader: ${sim(5).name}\n`, 1, /version 2; .* version 1 plans only/],
        ['broken YAML', () => `version: 1\ngroups:\n  - leader: [${sim(5).name}\n`, 4, /not valid YAML/],
      ];
      for (const [what, text, line, message] of cases) {
        it(`${what}: line ${line}, and nothing applied`, async () => {
          const file = await writePlan(`bad-${what.replace(/\W+/g, '-')}.yaml`, text());
          const result = await check(file);
          expect(result.problems).toEqual(expect.arrayContaining([{ line, message: expect.stringMatching(message) }]));
          expect(result.actions).toEqual([]);
          const tasksBefore = (await h.core.handlers['tasks.list']({})).length;
          await expect(h.core.handlers['plan.apply']({ path: file })).rejects.toMatchObject({
            code: 'invalid-input',
            message: expect.stringMatching(new RegExp(`Nothing was applied.*:${line}: `)),
          });
          expect((await h.core.handlers['tasks.list']({})).length).toBe(tasksBefore);
          expect(await adminState(5)).toMatchObject({ role: 'standalone' });
        });
      }
    });

    describe('what blocks, with a reason per host', () => {
      it('a host not trusted yet and a host that is down are blocked; plan sends nothing', async () => {
        const other = await startHarness({
          user: SIM_USER,
          password: SIM_PASSWORD,
        });
        try {
          for (const s of site.hosts) await other.core.handlers['hosts.add']({ address: s.url });
          const file = await writePlan('blocked.yaml', `version: 1\ngroups:\n  - leader: 127.0.0.1:${sim(5).port}\n`);
          const result = await other.core.handlers['plan.check']({
            path: file,
          });
          expect(result.actions).toEqual([]);
          expect(result.blocked).toEqual([
            expect.objectContaining({
              line: 3,
              reasons: [expect.stringMatching(/certificate has not been trusted/)],
            }),
          ]);
        } finally {
          await other.close();
        }
        await sim(5).down();
        try {
          const file = await writePlan('down.yaml', `version: 1\ngroups:\n  - leader: ${sim(5).name}\n`);
          const result = await check(file);
          expect(result.blocked).toEqual([
            expect.objectContaining({
              hostId: sim(5).id,
              reasons: [expect.stringMatching(/Nothing answers at .* Check that the host is on/)],
            }),
          ]);
        } finally {
          await sim(5).up();
        }
      });
    });
  });
}
