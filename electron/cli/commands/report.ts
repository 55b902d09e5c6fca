// `fieldlink report [--format html|json|csv] [--out FILE]`: the commissioning report of the live site.
import type { ReportFormat } from '../../../shared/contract';
import type { CliContext } from '../context';

export interface ReportOptions {
  format: ReportFormat;
  out?: string;
  technician?: string;
  site?: string;
}

export async function reportCommand(ctx: CliContext, options: ReportOptions): Promise<void> {
  const result = await ctx.session.call('report.export', {
    format: options.format,
    ...(options.out ? { out: options.out } : {}),
    ...(options.technician ? { technician: options.technician } : {}),
    ...(options.site ? { site: options.site } : {}),
  });
  if (result.path) ctx.out.line(`Report written to ${result.path}`);
  else ctx.out.line(result.text.replace(/\n$/, ''));
}
