// The log file a technician can open from the menu (File > Open Log File) and send with a bug report. Every line
// passes through redact.ts first, so it never holds a password or a token even if a caller logs one by mistake.
// Writes are synchronous appends: the app logs a few lines a minute, and a line written just before a crash is the
// one worth having.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { redactText, redactValue } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogFile {
  readonly path: string;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LogFileOptions {
  /** Size at which the file is moved to `<name>.1` and a new one begun (one old file is kept). */
  maxBytes?: number;
  /** Lowest level written; debug lines are dropped unless asked for. */
  level?: LogLevel;
  /** Also echo lines to stderr (development). */
  echo?: boolean;
  now?: () => Date;
}

const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const MAX_LINE = 4000;

/** One line of the log: time, level, redacted message, redacted fields as JSON. */
export function formatLine(time: Date, level: LogLevel, message: string, fields?: Record<string, unknown>): string {
  const safeMessage = redactText(message).replace(/[\r\n]+/g, ' ');
  let line = `${time.toISOString()} ${level.toUpperCase().padEnd(5)} ${safeMessage}`;
  if (fields && Object.keys(fields).length > 0) {
    let json: string;
    try {
      json = JSON.stringify(redactValue(fields));
    } catch {
      json = '{"fields":"[unserializable]"}';
    }
    line += ` ${json}`;
  }
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}

export function openLogFile(file: string, options: LogFileOptions = {}): LogFile {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const minimum = order[options.level ?? 'info'];
  const now = options.now ?? (() => new Date());
  mkdirSync(path.dirname(file), { recursive: true });

  let size = sizeOf(file);
  const rotate = () => {
    try {
      renameSync(file, `${file}.1`);
    } catch {
      // Nothing to rotate, or the old file is locked (Windows): keep appending rather than lose lines.
    }
    size = sizeOf(file);
  };
  if (size >= maxBytes) rotate();

  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (order[level] < minimum) return;
    const line = formatLine(now(), level, message, fields) + '\n';
    try {
      if (size + line.length > maxBytes) rotate();
      appendFileSync(file, line, { encoding: 'utf8', mode: 0o600 });
      size += Buffer.byteLength(line);
    } catch {
      // A full disk must not take the app down with it.
    }
    if (options.echo) process.stderr.write(line);
  };

  return {
    path: file,
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
