// `fieldlink plan FILE [--prune]`: the plan against the live site, the actions apply would take and what blocks.
// Nothing is sent to a host. Shared by `apply`: the plan's hosts are found (and, with --trust-new, trusted) first.
import path from 'node:path';
import type { PlanAction, PlanBlocked, PlanCheck } from '../../../shared/contract';
import { problemLine, readPlanFile } from '../../core/plans/parse-plan';
import { resolveHost, type CliContext } from '../context';
import { safe } from '../output';

/** The host refs a plan names, for --trust-new's scope; none when the plan cannot be read (the check will say why). */
export async function planRefs(file: string): Promise<string[]> {
  // An unreadable plan names no host; the command itself then reports why it cannot be read.
  const parsed = await readPlanFile(path.resolve(file)).catch(() => null);
  return parsed?.plan ? parsed.plan.groups.flatMap((g) => [g.leader.ref, ...g.followers.map((f) => f.ref)]) : [];
}

/**
 * Reads the plan; reports its problems (with their lines) and answers false when it has any. Otherwise finds every
 * host it names, so discovery, logins and --trust-new have happened before the core compares.
 */
export async function preparePlan(ctx: CliContext, file: string): Promise<boolean> {
  const absolute = path.resolve(file);
  const parsed = await readPlanFile(absolute);
  if (!parsed.plan) {
    reportProblems(ctx, absolute, parsed.problems);
    return false;
  }
  const refs = parsed.plan.groups.flatMap((g) => [g.leader.ref, ...g.followers.map((f) => f.ref)]);
  // A host that cannot be found or logged into is not a failure here: the core's check says why it blocks.
  await Promise.all(refs.map((ref) => resolveHost(ctx, ref).catch(() => undefined)));
  return true;
}

export function reportProblems(ctx: CliContext, file: string, problems: PlanCheck['problems']): void {
  const shown = path.relative(process.cwd(), file) || file;
  for (const p of problems) ctx.failures.add(safe(problemLine(shown, p), 500));
}

export function actionLine(a: PlanAction): string {
  return `${a.kind.padEnd(11)} ${safe(a.description, 200)}`;
}

export function blockedLines(ctx: CliContext, blocked: PlanBlocked[]): void {
  for (const b of blocked) ctx.failures.add(`${safe(b.name, 60)}: blocked${b.line ? ` (plan line ${b.line})` : ''}: ${safe(b.reasons.join(' '), 500)}`);
}

export async function planCommand(ctx: CliContext, file: string, prune: boolean): Promise<void> {
  if (!(await preparePlan(ctx, file))) return;
  const check = await ctx.session.call('plan.check', { path: path.resolve(file), prune });
  if (check.problems.length) return reportProblems(ctx, check.file, check.problems);
  if (ctx.json) ctx.out.json({ actions: check.actions, blocked: check.blocked });
  else {
    if (check.actions.length === 0) ctx.out.line(check.matches ? 'The site matches the plan: nothing to do.' : 'No action to take.');
    for (const a of check.actions) ctx.out.line(actionLine(a));
    if (!check.matches && check.actions.length === 0 && check.blocked.length === 0) ctx.out.line('Content is still syncing to some followers.');
  }
  blockedLines(ctx, check.blocked);
}
