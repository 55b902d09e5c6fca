// Site plans, commissioning reports and the action log (docs/plans.md), mapped onto their feature modules: plan.check
// compares a plan file with the site, plan.apply makes the site match it through the ordinary tasks, plan.export and
// report.export answer the live site as text (report/export-report.ts), log.list reads the action log.
import type { Handlers } from '../../../shared/contract';
import type { ApplyDeps, ApplyResults } from '../plans/apply-plan';
import type { PlanDeps } from '../plans/check-plan';
import type { CoreContext } from '../context';
import type { ActionLogStore } from '../action-log/action-log';

// Plans (with the YAML parser) and reports load at their first command: a CLI upload or status never pays for them.
const planCode = async () => {
  const [check, apply] = await Promise.all([import('../plans/check-plan'), import('../plans/apply-plan')]);
  return { ...check, ...apply };
};
const exportCode = () => import('../report/export-report');

type PlanCommands = 'plan.check' | 'plan.apply' | 'plan.result' | 'plan.export' | 'report.export' | 'log.list';

export interface PlanHandlerOptions {
  actionLog: ActionLogStore;
  /** The open site's name: the report's site when the caller names none (null = the state folder itself). */
  site?: string | null;
  /** The core's uploads.start, so plan uploads share its queue. */
  startUploads(hostId: string, files: string[]): Promise<string[]>;
  /** Internal: faster sync polling for tests. */
  syncPollMs?: number;
  syncWaitMs?: number;
}

export function planHandlers(ctx: CoreContext, options: PlanHandlerOptions): Pick<Handlers, PlanCommands> {
  const deps: PlanDeps = { ctx };
  const applyDeps: ApplyDeps = { ...deps, startUploads: options.startUploads, syncPollMs: options.syncPollMs, syncWaitMs: options.syncWaitMs };
  // Made with the plan code, once: plan.result answers from the same record every apply writes to.
  let results: Promise<ApplyResults> | null = null;
  const applyResults = () => (results ??= planCode().then((code) => new code.ApplyResults()));
  return {
    'plan.check': async ({ path: file, prune }) => (await planCode()).checkPlan(deps, file, prune === true),
    'plan.apply': async ({ path: file, prune }) => {
      const { applyPlanTask, checkPlan, planProblemsError } = await planCode();
      const before = await checkPlan(deps, file, prune === true);
      // A bad plan is refused here, whole: no task starts, nothing is sent.
      if (before.problems.length) throw planProblemsError(before);
      return { taskId: ctx.tasks.start(applyPlanTask(applyDeps, await applyResults(), before.file, prune === true, before)).id };
    },
    'plan.result': async ({ taskId }) => (await applyResults()).get(taskId),
    'plan.export': async ({ site }) => (await exportCode()).exportSitePlan(ctx, site ?? null),
    'report.export': async (request) => (await exportCode()).exportReport(ctx, options.actionLog, request, options.site ?? null),
    'log.list': async (filter) => options.actionLog.list(filter),
  };
}
