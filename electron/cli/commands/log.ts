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
  // The log file is read back as it is on disk: every cell is made terminal-safe, not only the host texts.
  const rows = entries.map((e) => [
    safe(e.time, 30),
    safe(e.action, 20),
    safe(e.result, 20),
    safe(e.title, 60),
    safe(e.hosts.map((h) => `${h.name}:${h.result}`).join(' '), 80),
    safe(e.reason ?? '', 120),
  ]);
  for (const line of table([['TIME', 'ACTION', 'RESULT', 'WHAT', 'HOSTS', 'REASON'], ...rows])) ctx.out.line(line);
}
