// An error that keeps a code and a user-facing message across every bridge (IPC, WebSocket, CLI).
import type { ErrorCode, ErrorInfo } from './contract';

export class ConsoleError extends Error {
  readonly code: ErrorCode;
  readonly hostId: string | undefined;

  constructor(code: ErrorCode, message: string, hostId?: string) {
    super(message);
    this.name = 'ConsoleError';
    this.code = code;
    this.hostId = hostId;
  }

  toInfo(): ErrorInfo {
    return this.hostId ? { code: this.code, message: this.message, hostId: this.hostId } : { code: this.code, message: this.message };
  }

  static fromInfo(info: ErrorInfo): ConsoleError {
    return new ConsoleError(info.code, info.message, info.hostId);
  }
}

/** Any thrown value as ErrorInfo; unknown failures never leak a stack trace to the user. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof ConsoleError) return err.toInfo();
  return { code: 'internal', message: 'Fieldlink hit an unexpected problem. Try again; if it keeps happening, restart Fieldlink and report it.' };
}
