// `fieldlink report [--format html|json|csv] [--out FILE]`: the commissioning report of the live site.
import path from 'node:path';
import type { ReportFormat } from '../../../shared/contract';
import { writeFileAtomic } from '../../../shared/node/atomic-file';
import type { CliContext } from '../context';
import { safe, type Out } from '../output';

export interface ReportOptions {
  format: ReportFormat;
  out?: string;
  technician?: string;
  site?: string;
}

/** Files the technician asked for are theirs to read: the ordinary mode, not the 0600 of state files. */
const EXPORT_MODE = 0o644;

/**
 * Prints a text that holds what hosts reported (names, file names, sha256) line by line, each through safe(): a
 * hostile host cannot reach the terminal with escape sequences or bidi overrides.
 */
export function printText(out: Out, text: string): void {
  for (const line of text.replace(/\r?\n$/, '').split(/\r?\n/)) out.line(safe(line, Number.POSITIVE_INFINITY));
}

/**
 * Writes an exported text where the technician said, whole or not at all (the core only answers the text: it
 * never writes a file a caller names). Answers the absolute path, or null after reporting why it could not.
 */
export async function writeExport(ctx: CliContext, out: string, text: string, what: string): Promise<string | null> {
  const target = path.resolve(out);
  try {
    await writeFileAtomic(target, text, EXPORT_MODE);
    return target;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    ctx.failures.add(
      `The ${what} could not be written to ${safe(target, 300)} (${typeof code === 'string' ? code : 'error'}). Check that the folder exists and that you may write there, or choose another --out.`,
    );
    return null;
  }
}

export async function reportCommand(ctx: CliContext, options: ReportOptions): Promise<void> {
  const result = await ctx.session.call('report.export', {
    format: options.format,
    ...(options.technician ? { technician: options.technician } : {}),
    ...(options.site ? { site: options.site } : {}),
  });
  if (!options.out) return printText(ctx.out, result.text);
  const written = await writeExport(ctx, options.out, result.text, 'report');
  if (written) ctx.out.line(`Report written to ${safe(written, 300)}`);
}
