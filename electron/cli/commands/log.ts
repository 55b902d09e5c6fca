// `fieldlink log [--json]`: the site's action log, oldest first.
import type { CliContext } from '../context';
import { safe, table } from '../output';

export interface LogOptions {
  limit?: number;
  action?: string;
  host?: string;
  result?: string;
}

export async function logCommand(ctx: CliContext, options: LogOptions): Promise<void> {
  const entries = await ctx.session.call('log.list', options);
  if (ctx.json) return ctx.out.json(entries);
  if (entries.length === 0) return ctx.out.line('No action recorded yet.');
  const rows = entries.map((e) => [
    e.time,
    e.action,
    e.result,
    safe(e.title, 60),
    safe(e.hosts.map((h) => `${h.name}:${h.result}`).join(' '), 80),
    safe(e.reason ?? '', 120),
  ]);
  for (const line of table([['TIME', 'ACTION', 'RESULT', 'WHAT', 'HOSTS', 'REASON'], ...rows])) ctx.out.line(line);
}
