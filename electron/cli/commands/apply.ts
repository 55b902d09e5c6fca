// `fieldlink apply FILE [--prune]`: makes the site match the plan through the ordinary tasks (same preflight,
// progress and per-host results as link/upload). Exit 0 only when the site matches the plan afterwards.
import path from 'node:path';
import { describeGap } from '../../core/plans/apply-plan';
import type { CliContext } from '../context';
import { asHostFailure } from '../failures';
import { taskFailureLines, taskSuccessLines } from '../output';
import { describeProgress, terminalProgress } from '../tasks';
import { blockedLines, preparePlan, reportProblems } from './plan';

export async function applyCommand(ctx: CliContext, file: string, prune: boolean): Promise<void> {
  const sink = terminalProgress();
  const progress = (line: string | null) => sink.show(line);
  if (!(await preparePlan(ctx, file))) return;
  const absolute = path.resolve(file);
  const check = await ctx.session.call('plan.check', { path: absolute, prune });
  if (check.problems.length) return reportProblems(ctx, check.file, check.problems);
  const off = ctx.session.on('tasks.changed', (task) => progress(task.endedAt ? null : describeProgress(task)));
  let result;
  try {
    result = await ctx.session.call('plan.apply', { path: absolute, prune });
  } catch (err) {
    ctx.failures.add(asHostFailure(path.basename(absolute), err));
    return;
  } finally {
    off();
    progress(null);
  }
  if (ctx.json) ctx.out.json({ actions: result.before.actions, tasks: result.tasks, matches: result.after.matches, remaining: { actions: result.after.actions, blocked: result.after.blocked } });
  for (const task of result.tasks) {
    if (!ctx.json) for (const line of taskSuccessLines(task)) ctx.out.line(line);
    for (const line of taskFailureLines(task)) ctx.failures.add(line);
  }
  if (result.after.matches) {
    if (!ctx.json) ctx.out.line(result.tasks.length ? 'The site now matches the plan.' : 'The site already matched the plan: nothing was done.');
    return;
  }
  blockedLines(ctx, result.after.blocked);
  ctx.failures.add(`${path.basename(absolute)}: ${describeGap(result.after)}`);
}
