// Which local files the page may have the core read. A page that went wrong (a compromised renderer, an injected
// script) could otherwise ask for any readable file (an SSH key, a browser profile) to be uploaded to a host it
// added, or read as a plan. So the main process accepts a path only if the user chose it in this session: a drop or
// the file picker (the preload resolves the File with webUtils and tells the main process), or a typed path the user
// confirmed in a dialog of the main process, which the page cannot draw or click.
//
// Which input fields hold local paths is declared once, in shared/contract.ts (localPathFields). Every path is
// resolved with realpath (symlinks, `..`) and the core is handed the resolved path, never the page's string: what
// was checked is what is opened.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { localPathFields, type CommandName, type ErrorInfo } from '../../shared/contract';

export const UNCHOSEN_PATH_MESSAGE =
  'Fieldlink reads only files you chose in this session. Drop the file onto the upload area or pick it with the ' +
  'file picker; a typed path must be confirmed in the dialog Fieldlink shows.';

/** The most typed paths one question lists; the dialog shows every path it asks about. */
export const MAX_TYPED_PATHS = 8;

export const TOO_MANY_TYPED_MESSAGE =
  `Fieldlink asks about at most ${MAX_TYPED_PATHS} typed paths at a time. Drop or pick the files instead, ` + 'or type fewer paths and try again.';

export const QUESTION_OPEN_MESSAGE = 'Fieldlink is already asking whether it may read other files: answer the open file question first, then try again.';

/** Rebuilds `value` with each string at `segments` replaced by `replace(string)`; anything else is left as it is. */
function mapAt(value: unknown, segments: readonly string[], replace: (file: string) => string): unknown {
  if (segments.length === 0) return typeof value === 'string' ? replace(value) : value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const [segment, ...rest] = segments as [string, ...string[]];
  const each = segment.endsWith('[]');
  const key = each ? segment.slice(0, -2) : segment;
  if (!Object.prototype.hasOwnProperty.call(value, key)) return value;
  const child = (value as Record<string, unknown>)[key];
  if (each && !Array.isArray(child)) return value;
  const next = each ? (child as unknown[]).map((item) => mapAt(item, rest, replace)) : mapAt(child, rest, replace);
  return { ...(value as Record<string, unknown>), [key]: next };
}

/** The input with every local path (per localPathFields) replaced; other commands' input is returned as it is. */
export function mapLocalPaths(name: CommandName, input: unknown, replace: (file: string) => string): unknown {
  const fields = (localPathFields as Partial<Record<CommandName, readonly string[]>>)[name] ?? [];
  return fields.reduce((value, field) => mapAt(value, field.split('.'), replace), input);
}

/** The paths a command would read from this computer; [] for commands that read none (or malformed input). */
export function localPathsOf(name: CommandName, input: unknown): string[] {
  const found: string[] = [];
  mapLocalPaths(name, input, (file) => {
    found.push(file);
    return file;
  });
  return found;
}

/**
 * Where an absolute path really leads: symlinks and `..` resolved. A path that does not exist (yet) is only
 * normalised; the core then says it was not found.
 */
export async function resolveLocalPath(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch {
    return path.resolve(file);
  }
}

const usablePath = (file: unknown): file is string => typeof file === 'string' && file.length > 0 && file.length <= 4096 && path.isAbsolute(file);

export class ChosenFiles {
  /** Resolved paths (realpath) the user chose. */
  private readonly chosen = new Set<string>();
  /** Registrations still resolving: a check waits for them, as the preload registers a file just before using it. */
  private pending: Promise<unknown> = Promise.resolve();

  constructor(private readonly resolve: (file: string) => Promise<string> = resolveLocalPath) {}

  /** A path the user dropped or picked (resolved by webUtils in the preload). Relative paths are never chosen. */
  add(file: unknown): Promise<boolean> {
    if (!usablePath(file)) return Promise.resolve(false);
    const run = this.pending.then(async () => {
      this.chosen.add(await this.resolve(file));
      return true;
    });
    // The chain only orders registrations; add() itself never rejects (resolveLocalPath does not).
    this.pending = run.catch(() => undefined);
    return run;
  }

  /** A path already resolved with resolveLocalPath, that the user confirmed. */
  addResolved(resolved: string): void {
    this.chosen.add(resolved);
  }

  /** Whether this resolved path was chosen, once every registration sent before has been taken in. */
  async has(resolved: string): Promise<boolean> {
    await this.pending;
    return this.chosen.has(resolved);
  }
}

/** The user's answer to "may Fieldlink read these typed paths?"; 'busy' when another such question is open. */
export type TypedPathAnswer = 'allow' | 'refuse' | 'busy';

/** Asks the user, in a dialog of the main process, whether these typed paths (at most MAX_TYPED_PATHS) may be read. */
export type ConfirmTypedPaths = (paths: string[]) => Promise<TypedPathAnswer>;

export type PathGate = { ok: true; input: unknown } | { ok: false; error: ErrorInfo };

const refused = (message: string): PathGate => ({ ok: false, error: { code: 'refused', message } });

/**
 * Lets the command through when every path it names was chosen in this session (or is confirmed now), with its
 * paths replaced by their resolved form; otherwise the refusal the page gets instead of an answer.
 */
export async function checkChosenPaths(name: CommandName, input: unknown, chosen: ChosenFiles, confirm: ConfirmTypedPaths): Promise<PathGate> {
  const given = [...new Set(localPathsOf(name, input))];
  if (given.length === 0) return { ok: true, input };
  // A relative path would be read relative to wherever Fieldlink was started: never what the user meant.
  if (given.some((p) => !path.isAbsolute(p))) return refused(UNCHOSEN_PATH_MESSAGE);
  const resolved = new Map<string, string>();
  for (const p of given) resolved.set(p, await resolveLocalPath(p));
  const unknown: string[] = [];
  for (const real of new Set(resolved.values())) if (!(await chosen.has(real))) unknown.push(real);
  if (unknown.length > MAX_TYPED_PATHS) return refused(TOO_MANY_TYPED_MESSAGE);
  if (unknown.length > 0) {
    let answer: TypedPathAnswer = 'refuse';
    try {
      answer = await confirm(unknown);
    } catch {
      answer = 'refuse';
    }
    if (answer === 'busy') return refused(QUESTION_OPEN_MESSAGE);
    if (answer !== 'allow') return refused(UNCHOSEN_PATH_MESSAGE);
    for (const real of unknown) chosen.addResolved(real);
  }
  return { ok: true, input: mapLocalPaths(name, input, (p) => resolved.get(p) ?? p) };
}
