// Validation and the answer envelope, shared by every bridge so each one behaves the same.
import type { z } from 'zod';
import { commands, desktopOnlyMessages, isCommandName, isDesktopOnlyCommand, type CommandName, type Envelope, type Handlers } from './contract';
import { ConsoleError, toErrorInfo } from './errors';

/** Turns a zod failure into one line a person can act on. */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : 'input';
    return `${where}: ${issue.message}`;
  });
  return `The request was not valid (${parts.join('; ')}).`;
}

export function parseInput<K extends CommandName>(name: K, raw: unknown): z.output<(typeof commands)[K]['input']> {
  const result = commands[name].input.safeParse(raw ?? {});
  if (!result.success) throw new ConsoleError('invalid-input', describeIssues(result.error));
  return result.data as z.output<(typeof commands)[K]['input']>;
}

/**
 * Validates `raw` against the command's schema, runs the handler and wraps the outcome.
 * `onUnexpected` sees errors that are not ConsoleErrors (bugs), so a bridge can log them without showing them.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  raw: unknown,
  onUnexpected?: (err: unknown, name: string) => void,
): Promise<Envelope<unknown>> {
  if (!isCommandName(name)) {
    return { ok: false, error: { code: 'invalid-input', message: `Unknown command "${String(name).slice(0, 60)}".` } };
  }
  try {
    const handler = handlers[name] as ((input: unknown) => Promise<unknown>) | undefined;
    // Only the desktop shell adds handlers for desktop-only commands; anywhere else they are not there.
    if (!handler && isDesktopOnlyCommand(name)) throw new ConsoleError('unsupported', desktopOnlyMessages[name]);
    const input = parseInput(name, raw);
    if (!handler) throw new ConsoleError('internal', `Fieldlink has no handler for "${name}". Report this as a bug.`);
    const data = await handler(input);
    return { ok: true, data: data === undefined ? null : data };
  } catch (err) {
    if (!(err instanceof ConsoleError)) onUnexpected?.(err, name);
    return { ok: false, error: toErrorInfo(err) };
  }
}

/** Client side: unwraps an envelope, rethrowing a ConsoleError that keeps its code. */
export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.data;
  throw ConsoleError.fromInfo(envelope.error);
}
