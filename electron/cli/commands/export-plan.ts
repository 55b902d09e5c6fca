// `fieldlink export-plan [--out FILE] [--name NAME]`: the live site written as a plan (on stdout, or to FILE).
import type { CliContext } from '../context';
import { safe } from '../output';
import { printText, writeExport } from './report';

export async function exportPlanCommand(ctx: CliContext, out: string | undefined, site: string | undefined): Promise<void> {
  const { text } = await ctx.session.call('plan.export', site ? { site } : {});
  const written = out ? await writeExport(ctx, out, text, 'plan') : null;
  if (out && !written) return;
  if (ctx.json) ctx.out.json({ text, path: written });
  else if (written) ctx.out.line(`Plan written to ${safe(written, 300)}`);
  else printText(ctx.out, text);
}
