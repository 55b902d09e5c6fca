// `fieldlink export-plan [--out FILE]`: the live site written as a plan (on stdout, or to FILE).
import type { CliContext } from '../context';

export async function exportPlanCommand(ctx: CliContext, out: string | undefined, site: string | undefined): Promise<void> {
  const result = await ctx.session.call('plan.export', { ...(out ? { out } : {}), ...(site ? { site } : {}) });
  if (ctx.json) ctx.out.json(result);
  else if (result.path) ctx.out.line(`Plan written to ${result.path}`);
  else ctx.out.line(result.text.replace(/\n$/, ''));
}
