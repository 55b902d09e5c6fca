// User-facing messages. A ConsoleError's message already says what to do, so it is shown as given; anything else is
// a bug on our side and gets a generic line rather than a stack trace.
import { notifications } from '@mantine/notifications';
import type { ErrorInfo } from '../../../shared/contract';

const fallback = 'Fieldlink hit an unexpected problem. Try again; if it keeps happening, restart Fieldlink and report it.';

/** Reads code + message from a ConsoleError, or from a plain `{ code, message }` an older bridge may throw. */
export function errorInfo(err: unknown): ErrorInfo {
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const { code, message } = err as { code: unknown; message: unknown };
    if (typeof code === 'string' && typeof message === 'string' && message) return { code: code as ErrorInfo['code'], message };
  }
  return { code: 'internal', message: fallback };
}

export function notifyError(title: string, err: unknown): void {
  const info = errorInfo(err);
  notifications.show({ color: 'red', title, message: info.message, autoClose: 10_000, withBorder: true });
}

export function notifyInfo(title: string, message: string, color = 'blue'): void {
  notifications.show({ color, title, message, autoClose: 5_000 });
}

/** Runs one command; on failure shows the error and resolves to undefined so callers need no try/catch. */
export async function attempt<T>(title: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (err) {
    notifyError(title, err);
    return undefined;
  }
}
