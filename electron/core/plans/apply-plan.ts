// Apply: one 'apply-plan' task that takes the plan's actions as the same tasks the interactive commands start (so
// the same preflight, progress and per-host results), one step after the other: leaders first, then links, then
// --prune unlinks, then uploads; then it waits for the followers to hold the leader's content and checks the site
// again. A plan with a problem is refused before the task starts. Each step reads the site afresh, so an apply that
// was interrupted (a host down, a cancel) is simply run again (or retried: the same task again).
import path from 'node:path';
import type { PlanApplyResult, PlanCheck, TaskView } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { makeLeaderTask } from '../linking/leader';
import { linkFollowersTask } from '../linking/link-followers';
import { unlinkTask } from '../linking/unlink';
import type { TaskHandle, TaskSpec } from '../tasks/task-manager';
import { sleep } from '../util/limit';
import { checkPlan, type PlanDeps } from './check-plan';
import { syncDone, syncFailed } from './host-content';
import { problemLine } from './parse-plan';

export interface ApplyDeps extends PlanDeps {
  /** uploads.start of the core (its shared queue): one task per file. */
  startUploads(hostId: string, files: string[]): Promise<string[]>;
  /** After the last step, how long followers may take to receive the content (default 10 min) and how often to look. */
  syncWaitMs?: number;
  syncPollMs?: number;
}

/** The outcome of each apply task, kept for plan.result (a few, newest last). */
export class ApplyResults {
  private readonly results = new Map<string, PlanApplyResult | { stopped: string }>();

  /** `stopped`: the sentence plan.result answers for an apply that ended before it had checked the plan. */
  set(taskId: string, result: PlanApplyResult | { stopped: string }): void {
    this.results.delete(taskId);
    this.results.set(taskId, result);
    if (this.results.size > 20) this.results.delete(this.results.keys().next().value!);
  }

  get(taskId: string): PlanApplyResult {
    const result = this.results.get(taskId);
    if (!result) throw new ConsoleError('not-found', 'No finished plan apply has this task id: it may still be running, or it was too long ago.');
    if ('stopped' in result) throw new ConsoleError('not-found', result.stopped);
    return result;
  }
}

export function planProblemsError(check: PlanCheck): ConsoleError {
  const name = path.basename(check.file);
  return new ConsoleError(
    'invalid-input',
    `Nothing was applied: the plan has ${check.problems.length === 1 ? 'a problem' : `${check.problems.length} problems`}. ${check.problems.map((p) => problemLine(name, p)).join(' ')}`,
  );
}

/** The apply task for a plan already checked (`before`); its retry checks the plan again. */
export function applyPlanTask(deps: ApplyDeps, results: ApplyResults, file: string, prune: boolean, before: PlanCheck | null = null): TaskSpec {
  return {
    kind: 'apply-plan',
    title: `Apply the plan ${path.basename(file)}${prune ? ' (with prune)' : ''}`,
    cancellable: true,
    retry: () => applyPlanTask(deps, results, file, prune),
    run: async (task) => {
      task.phase('Checking the plan against the site');
      let checked: PlanCheck | null = before;
      const ran: Ran = { taskIds: [], tasks: [] };
      let result: Applied;
      try {
        checked ??= await checkPlan(deps, file, prune, task.signal);
        if (checked.problems.length) throw planProblemsError(checked);
        result = await runSteps(deps, task, file, prune, checked, ran);
      } catch (err) {
        // plan.result must tell a failed apply from one still running, and show the steps it did take.
        const message = err instanceof Error ? err.message : String(err);
        if (!checked) {
          const cancelled = err instanceof ConsoleError && err.code === 'cancelled';
          results.set(task.id, {
            stopped: cancelled
              ? 'This apply was cancelled before it took any step.'
              : `This apply failed before it finished: ${message} Check the plan and the hosts, then apply again.`,
          });
        } else {
          // The site cannot be checked either (the same cause, most often): the result says so with a null.
          const after = await checkPlan(deps, file, prune).catch(() => null);
          results.set(task.id, { before: checked, after, ...ran, error: message });
        }
        throw err;
      }
      results.set(task.id, result);
      task.throwIfCancelled();
      const { after } = result;
      if (!after.matches) throw new ConsoleError(gapCode(after), describeGap(after));
      task.summary(
        result.tasks.length
          ? `The site matches the plan (${result.tasks.length} task${result.tasks.length === 1 ? '' : 's'} ran).`
          : 'The site already matched the plan: nothing was done.',
      );
    },
  };
}

/** The tasks an apply started and how they ended, filled in as it goes (so a failure still shows them). */
interface Ran {
  taskIds: string[];
  tasks: TaskView[];
}

/** An apply whose steps all ran (or were cancelled): the site was checked again. */
type Applied = PlanApplyResult & { after: PlanCheck };

async function runSteps(deps: ApplyDeps, task: TaskHandle, file: string, prune: boolean, before: PlanCheck, ran: Ran): Promise<Applied> {
  const { taskIds, tasks } = ran;
  const open = new Set<string>();
  // Cancelling the apply cancels the step under way; the steps after it never start.
  const onAbort = () => {
    for (const id of open) {
      try {
        deps.ctx.tasks.cancel(id);
      } catch {
        // Already gone: nothing left to stop.
      }
    }
  };
  task.signal.addEventListener('abort', onAbort);
  const settle = async (ids: string[]): Promise<void> => {
    taskIds.push(...ids);
    for (const id of ids) open.add(id);
    if (task.signal.aborted) onAbort();
    const ended = await Promise.all(ids.map((id) => deps.ctx.tasks.settled(id)));
    for (const id of ids) open.delete(id);
    tasks.push(...ended);
  };
  const step = async (phase: string, start: () => Promise<string[]>): Promise<void> => {
    if (task.signal.aborted) return;
    task.phase(phase);
    await settle(await start());
  };

  const { actions } = before;
  const of = (kind: string) => actions.filter((a) => a.kind === kind);
  const byLeader = (kind: string, pick: (a: (typeof actions)[number]) => string) => {
    const out = new Map<string, string[]>();
    for (const a of of(kind)) out.set(a.leaderId!, [...(out.get(a.leaderId!) ?? []), pick(a)]);
    return out;
  };
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  try {
    const makes = of('make-leader');
    if (makes.length)
      await step(`Making ${count(makes.length, 'leader')}`, async () => makes.map((a) => deps.ctx.tasks.start(makeLeaderTask(deps.ctx, a.hostId)).id));
    const links = byLeader('link', (a) => a.hostId);
    if (links.size) {
      await step(`Linking ${count(of('link').length, 'host')}`, async () =>
        [...links].map(([leader, followers]) => deps.ctx.tasks.start(linkFollowersTask(deps.ctx, leader, followers)).id),
      );
    }
    const unlinks = of('unlink');
    if (unlinks.length)
      await step(`Unlinking ${count(unlinks.length, 'host')}`, async () => unlinks.map((a) => deps.ctx.tasks.start(unlinkTask(deps.ctx, a.hostId, true)).id));
    const uploads = byLeader('upload', (a) => a.file!);
    if (uploads.size) {
      await step(`Uploading ${count(of('upload').length, 'bundle')}`, async () => {
        const started = await Promise.allSettled([...uploads].map(([leader, files]) => deps.startUploads(leader, files)));
        const ids = started.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
        const refused = started.find((r) => r.status === 'rejected');
        if (!refused) return ids;
        // Uploads to the other leaders have started: they end (and are reported) before the apply fails.
        await settle(ids);
        throw refused.reason;
      });
    }
  } finally {
    task.signal.removeEventListener('abort', onAbort);
  }
  if (task.signal.aborted) return { before, after: await checkPlan(deps, file, prune), taskIds, tasks, error: null };
  task.phase('Checking the site against the plan');
  // Cancelled while waiting: the site is checked once more anyway, so the result says where it stands.
  const after = await waitForSync(deps, task, file, prune).catch(async (err: unknown) => {
    if (task.signal.aborted) return checkPlan(deps, file, prune);
    throw err;
  });
  return { before, after, taskIds, tasks, error: null };
}

/** Followers linked in this apply receive the leader's content on their own; the site matches only once they have. */
async function waitForSync(deps: ApplyDeps, task: TaskHandle, file: string, prune: boolean): Promise<PlanCheck> {
  const deadline = Date.now() + (deps.syncWaitMs ?? 10 * 60_000);
  for (;;) {
    const check = await checkPlan(deps, file, prune, task.signal);
    const waiting = check.groups.flatMap((g) => (g.content.length ? g.followers.filter((f) => f.state === 'ok' && !syncDone(f.sync)) : []));
    const onlySync = !check.matches && check.actions.length === 0 && check.blocked.length === 0 && check.problems.length === 0;
    if (!onlySync || waiting.some((f) => syncFailed(f.sync)) || Date.now() > deadline) return check;
    task.phase(`Waiting for the content to reach ${waiting.map((f) => f.name).join(', ')}`);
    await sleep(deps.syncPollMs ?? 1_000, task.signal);
  }
}

/** The error code of an apply that ended with the site not matching: blocked hosts, actions left, or sync too slow. */
export function gapCode(check: PlanCheck): 'preflight-failed' | 'refused' | 'timeout' {
  if (check.blocked.length) return 'preflight-failed';
  if (check.problems.length || check.actions.length) return 'refused';
  // Only followers that have not received the content within the wait: the hosts are slow, nothing refused.
  return 'timeout';
}

/** One sentence saying why the site does not match the plan yet. */
export function describeGap(check: PlanCheck): string {
  if (check.problems.length) return check.problems.map((p) => p.message).join(' ');
  const parts: string[] = [];
  if (check.blocked.length)
    parts.push(`${check.blocked.length} host${check.blocked.length === 1 ? ' is' : 's are'} blocked (${check.blocked.map((b) => b.name).join(', ')})`);
  if (check.actions.length) parts.push(`${check.actions.length} action${check.actions.length === 1 ? '' : 's'} still to take`);
  const unsynced = check.groups.flatMap((g) => (g.content.length ? g.followers.filter((f) => f.state === 'ok' && !syncDone(f.sync)) : []));
  if (unsynced.length) parts.push(`the content has not reached ${unsynced.map((f) => `${f.name}${f.sync ? ` (${f.sync})` : ''}`).join(', ')} yet`);
  return parts.length
    ? `The site does not match the plan: ${parts.join('; ')}. Fix that (or wait for the hosts), then apply again.`
    : 'The site does not match the plan yet; apply again.';
}
