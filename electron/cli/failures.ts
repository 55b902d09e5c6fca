// Every failure the CLI reports is one line: `<host name or address>: <message>`, or `fieldlink: <message>` when no
// host is to blame. No stack trace ever reaches the terminal.
import { ConsoleError, toErrorInfo } from '../../shared/errors';

/** A failure that belongs to one host (or one thing the user named, such as an address). */
export class HostFailure extends Error {
  constructor(
    readonly label: string,
    message: string,
    readonly code: string = 'failed',
  ) {
    super(message);
    this.name = 'HostFailure';
  }

  line(): string {
    return `${this.label}: ${this.message}`;
  }
}

/** The same failure as a HostFailure labelled for `label` (an unknown error keeps its safe, generic text). */
export function asHostFailure(label: string, err: unknown): HostFailure {
  if (err instanceof HostFailure) return err;
  if (err instanceof ConsoleError) return new HostFailure(label, err.message, err.code);
  return new HostFailure(label, toErrorInfo(err).message, 'internal');
}

/** Collects what went wrong during a command; the exit code follows from it. */
export class FailureLog {
  private readonly lines: string[] = [];

  constructor(private readonly write: (line: string) => void) {}

  add(failure: HostFailure | string): void {
    const line = typeof failure === 'string' ? failure : failure.line();
    // A host that fails twice for the same reason is said once.
    if (this.lines.includes(line)) return;
    this.lines.push(line);
    this.write(line);
  }

  get count(): number {
    return this.lines.length;
  }
}
