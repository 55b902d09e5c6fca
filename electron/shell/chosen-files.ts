// Which local files the page may have the core read. A page that went wrong (a compromised renderer, an injected
// script) could otherwise ask `uploads.check` / `uploads.start` for any readable file (an SSH key, a browser
// profile) and upload it to a host it added. So the main process accepts a path only if the user chose it in this
// session: a drop or the file picker (the preload resolves the File with webUtils and tells the main process), or a
// typed path the user confirmed in a dialog of the main process, which the page cannot draw or click.
import path from 'node:path';
import type { CommandName, ErrorInfo } from '../../shared/contract';

export const UNCHOSEN_PATH_MESSAGE =
  'Fieldlink reads only files you chose in this session. Drop the file onto the upload area or pick it with the ' +
  'file picker; a typed path must be confirmed in the dialog Fieldlink shows.';

/** The paths a command would read from this computer; [] for commands that read none (or malformed input). */
export function localPathsOf(name: CommandName, input: unknown): string[] {
  const value = input as { paths?: unknown; files?: unknown } | null;
  if (!value || typeof value !== 'object') return [];
  if (name === 'uploads.check' && Array.isArray(value.paths)) return value.paths.filter((p): p is string => typeof p === 'string');
  if (name === 'uploads.start' && Array.isArray(value.files)) {
    const out: string[] = [];
    for (const file of value.files as Array<{ path?: unknown; signaturePath?: unknown } | null>) {
      if (typeof file?.path === 'string') out.push(file.path);
      if (typeof file?.signaturePath === 'string') out.push(file.signaturePath);
    }
    return out;
  }
  return [];
}

const key = (file: string): string => path.normalize(file);

export class ChosenFiles {
  private readonly chosen = new Set<string>();

  /** A path the user dropped or picked (resolved by webUtils in the preload). Relative paths are never chosen. */
  add(file: unknown): boolean {
    if (typeof file !== 'string' || !file || file.length > 4096 || !path.isAbsolute(file)) return false;
    this.chosen.add(key(file));
    return true;
  }

  has(file: string): boolean {
    return this.chosen.has(key(file));
  }
}

/** Asks the user, in a dialog of the main process, whether these typed paths may be read. */
export type ConfirmTypedPaths = (paths: string[]) => Promise<boolean>;

/**
 * null when every path of the command was chosen in this session (or confirmed now); otherwise the refusal the
 * page gets instead of an answer.
 */
export async function checkChosenPaths(name: CommandName, input: unknown, chosen: ChosenFiles, confirm: ConfirmTypedPaths): Promise<ErrorInfo | null> {
  const unknown = [...new Set(localPathsOf(name, input).filter((p) => !chosen.has(p)))];
  if (unknown.length === 0) return null;
  // A relative path would be read relative to wherever Fieldlink was started: never what the user meant.
  if (unknown.some((p) => !path.isAbsolute(p))) return { code: 'refused', message: UNCHOSEN_PATH_MESSAGE };
  let confirmed = false;
  try {
    confirmed = await confirm(unknown);
  } catch {
    confirmed = false;
  }
  if (!confirmed) return { code: 'refused', message: UNCHOSEN_PATH_MESSAGE };
  for (const p of unknown) chosen.add(p);
  return null;
}
