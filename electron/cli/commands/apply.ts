// `fieldlink apply FILE [--prune]`: makes the site match the plan through one 'apply-plan' task in the core, which
// runs the ordinary tasks (same preflight, progress and per-host results as link/upload). Ctrl+C cancels it (and
// the step under way). Exit 0 only when the site matches the plan afterwards.
import path from 'node:path';
import type { PlanApplyResult } from '../../../shared/contract';
import type { CliContext } from '../context';
import { asHostFailure } from '../failures';
import { safe, taskFailureLines, taskSuccessLines } from '../output';
import { blockedLines, preparePlan, reportProblems } from './plan';

export async function applyCommand(ctx: CliContext, file: string, prune: boolean): Promise<void> {
  if (!(await preparePlan(ctx, file))) return;
  const absolute = path.resolve(file);
  const name = path.basename(absolute);
  const check = await ctx.session.call('plan.check', { path: absolute, prune });
  if (check.problems.length) return reportProblems(ctx, check.file, check.problems);
  let applyTask;
  try {
    [applyTask] = await ctx.tasks.run(async () => [(await ctx.session.call('plan.apply', { path: absolute, prune })).taskId]);
  } catch (err) {
    ctx.failures.add(asHostFailure(name, err));
    return;
  }
  if (!applyTask) return;
  // Without the details the task's own view still says how the apply ended, which is what decides the exit code.
  const result: PlanApplyResult | null = await ctx.session.call('plan.result', { taskId: applyTask.id }).catch(() => null);
  if (ctx.json) {
    ctx.out.json({
      state: applyTask.state,
      actions: result?.before.actions ?? [],
      tasks: result?.tasks ?? [],
      matches: result?.after?.matches ?? false,
      remaining: { actions: result?.after?.actions ?? [], blocked: result?.after?.blocked ?? [] },
      error: result?.error ?? applyTask.error?.message ?? null,
    });
  }
  for (const task of result?.tasks ?? []) {
    if (!ctx.json) for (const line of taskSuccessLines(task)) ctx.out.line(line);
    for (const line of taskFailureLines(task)) ctx.failures.add(line);
  }
  if (applyTask.state === 'succeeded') {
    if (!ctx.json) ctx.out.line(safe(applyTask.phase ?? 'The site matches the plan.', 200));
    return;
  }
  if (result?.after) blockedLines(ctx, result.after.blocked);
  ctx.failures.add(`${safe(name, 60)}: ${safe(applyTask.error?.message ?? `the apply ended ${applyTask.state}.`, 1000)}`);
}
