// Apply: the plan's actions as the same tasks the interactive commands start (so the same preflight, progress and
// per-host results), one step after the other: leaders first, then links, then --prune unlinks, then uploads.
// A plan with a problem is refused whole before any step. Each step reads the site afresh, so an apply that was
// interrupted (a host down, a cancel) is simply run again.
import path from 'node:path';
import type { PlanApplyResult, PlanCheck, TaskView } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import type { ActionLogStore } from '../action-log/action-log';
import { makeLeaderTask } from '../linking/leader';
import { linkFollowersTask } from '../linking/link-followers';
import { unlinkTask } from '../linking/unlink';
import type { TaskSpec } from '../tasks/task-manager';
import { sleep } from '../util/limit';
import { checkPlan, type PlanDeps } from './check-plan';
import { problemLine } from './parse-plan';

export interface ApplyDeps extends PlanDeps {
  /** uploads.start of the core (its shared queue): one task per file. */
  startUploads(hostId: string, files: string[]): Promise<string[]>;
  actionLog: ActionLogStore;
  /** After the last step, how long followers may take to receive the content (default 10 min) and how often to look. */
  syncWaitMs?: number;
  syncPollMs?: number;
}

export function planProblemsError(check: PlanCheck): ConsoleError {
  const name = path.basename(check.file);
  return new ConsoleError('invalid-input', `Nothing was applied: the plan has ${check.problems.length === 1 ? 'a problem' : `${check.problems.length} problems`}. ${check.problems.map((p) => problemLine(name, p)).join(' ')}`);
}

export async function applyPlan(deps: ApplyDeps, file: string, prune: boolean): Promise<PlanApplyResult> {
  const before = await checkPlan(deps, file, prune);
  if (before.problems.length) throw planProblemsError(before);
  const taskIds: string[] = [];
  const tasks: TaskView[] = [];
  const run = async (specs: TaskSpec[]): Promise<boolean> => {
    const started = specs.map((spec) => deps.ctx.tasks.start(spec).id);
    return settle(started);
  };
  const settle = async (ids: string[]): Promise<boolean> => {
    taskIds.push(...ids);
    const ended = await Promise.all(ids.map((id) => deps.ctx.tasks.settled(id)));
    tasks.push(...ended);
    // A cancel (Ctrl+C, the Cancel button) stops the apply between steps as well.
    return !ended.some((t) => t.state === 'cancelled');
  };

  const { actions } = before;
  const byLeader = <T>(kind: string, pick: (a: (typeof actions)[number]) => T) => {
    const out = new Map<string, T[]>();
    for (const a of actions.filter((x) => x.kind === kind)) out.set(a.leaderId!, [...(out.get(a.leaderId!) ?? []), pick(a)]);
    return out;
  };
  let going = await run(actions.filter((a) => a.kind === 'make-leader').map((a) => makeLeaderTask(deps.env, a.hostId)));
  if (going) going = await run([...byLeader('link', (a) => a.hostId)].map(([leader, followers]) => linkFollowersTask(deps.env, leader, followers)));
  if (going) going = await run(actions.filter((a) => a.kind === 'unlink').map((a) => unlinkTask(deps.env, a.hostId, true)));
  if (going) {
    const uploads = await Promise.all([...byLeader('upload', (a) => a.file!)].map(([leader, files]) => deps.startUploads(leader, files)));
    going = await settle(uploads.flat());
  }
  const after = going ? await waitForSync(deps, file, prune) : await checkPlan(deps, file, prune);
  await deps.actionLog.append({
    time: new Date().toISOString(),
    action: 'apply-plan',
    title: `Apply the plan ${path.basename(file)}${prune ? ' (with --prune)' : ''}`,
    hosts: [],
    result: after.matches ? 'succeeded' : going ? 'failed' : 'cancelled',
    reason: after.matches ? null : describeGap(after),
  });
  return { before, after, taskIds, tasks };
}

/** Followers linked in this apply receive the leader's content on their own; the site matches only once they have. */
async function waitForSync(deps: ApplyDeps, file: string, prune: boolean): Promise<PlanCheck> {
  const deadline = Date.now() + (deps.syncWaitMs ?? 10 * 60_000);
  for (;;) {
    const check = await checkPlan(deps, file, prune);
    const waitingOnSync = !check.matches && check.actions.length === 0 && check.blocked.length === 0;
    const failedSync = check.groups.some((g) => g.followers.some((f) => f.sync && /^(failed|error)/i.test(f.sync)));
    if (!waitingOnSync || failedSync || Date.now() > deadline) return check;
    await sleep(deps.syncPollMs ?? 1_000);
  }
}

/** One sentence saying why the site does not match the plan yet. */
export function describeGap(check: PlanCheck): string {
  if (check.problems.length) return check.problems.map((p) => p.message).join(' ');
  const parts: string[] = [];
  if (check.blocked.length) parts.push(`${check.blocked.length} host${check.blocked.length === 1 ? ' is' : 's are'} blocked (${check.blocked.map((b) => b.name).join(', ')})`);
  if (check.actions.length) parts.push(`${check.actions.length} action${check.actions.length === 1 ? '' : 's'} still to take`);
  const unsynced = check.groups.flatMap((g) => (g.content.length ? g.followers.filter((f) => f.state === 'ok' && f.sync !== null && !/^(completed|synced)/i.test(f.sync)) : []));
  if (unsynced.length) parts.push(`content not synced yet to ${unsynced.map((f) => `${f.name} (${f.sync})`).join(', ')}`);
  return parts.length ? `The site does not match the plan: ${parts.join('; ')}. Run apply again once the hosts are back.` : 'The site does not match the plan yet.';
}
