// report.export and plan.export: the live site read now and answered as text (the caller writes the file: the core
// never writes where a page says). Loaded at the first such command, with the report and plan code it needs.
import type { CommandInput, CommandOutput } from '../../../shared/contract';
import type { ActionLogStore } from '../action-log/action-log';
import type { CoreContext } from '../context';
import { exportPlan } from '../plans/export-plan';
import { gatherSite } from './gather';
import { reportCsv } from './report-csv';
import { buildReport } from './report-data';
import { reportHtml } from './report-html';

/** `openSite`: the open site's name, the report's site when the caller names none (null = the state folder itself). */
export async function exportReport(
  ctx: CoreContext,
  actionLog: ActionLogStore,
  { format, technician, site }: CommandInput<'report.export'>,
  openSite: string | null,
): Promise<CommandOutput<'report.export'>> {
  const [snapshot, actions] = await Promise.all([gatherSite(ctx), actionLog.list()]);
  // Defaults here, in one place, so the CLI, the UI and the PDF all name the same technician and site.
  const report = buildReport({
    site: site || openSite || null,
    technician: technician || ctx.settings().technician || null,
    version: ctx.version,
    now: new Date(),
    ...snapshot,
    actions,
  });
  const text = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'csv' ? reportCsv(report) : reportHtml(report);
  return { format, text };
}

export async function exportSitePlan(ctx: CoreContext, site: string | null): Promise<CommandOutput<'plan.export'>> {
  const snapshot = await gatherSite(ctx);
  return { text: exportPlan({ site, hosts: snapshot.hosts, content: snapshot.content, version: ctx.version, now: new Date() }) };
}
