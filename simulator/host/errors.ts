// Every refusal of the simulated API is a v1Error with a code to branch on and words for the technician.
import type { V1Error } from '../../shared/local-api/types';

/**
 * An answer the API gives on purpose: thrown by handlers and turned into a `v1Error` body by the error handler.
 * Codes are short words a client can branch on; messages are written for the person at the console.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): V1Error {
    return { code: this.code, message: this.message };
  }
}

export const badRequest = (message: string) => new ApiError(400, 'BadRequest', message);
export const unauthorized = (message: string) => new ApiError(401, 'Unauthorized', message);
export const notFound = (message: string) => new ApiError(404, 'NotFound', message);
export const conflict = (message: string) => new ApiError(409, 'Conflict', message);

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
