// The one place where log lines are made safe: every message and field passes through here before it reaches the
// injected logger, so a password, session or link token can never be written out, whoever logs.

export interface CoreLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: CoreLogger = { info() {}, warn() {}, error() {} };

const SECRET_KEY = /pass(word)?|secret|token|otp|authori[sz]ation|cookie|credential/i;
const REDACTED = '[redacted]';

/** Secrets known at run time (passwords entered, tokens fetched): their text is blanked wherever it appears. */
export class SecretSet {
  private readonly values = new Set<string>();

  add(value: string | null | undefined): void {
    // Very short values would blank ordinary words; real passwords and tokens are longer.
    if (value && value.length >= 4) this.values.add(value);
    if (this.values.size > 2000) this.values.delete(this.values.values().next().value!);
  }

  scrub(text: string): string {
    let out = text;
    for (const value of this.values) if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out;
  }
}

function scrubValue(value: unknown, secrets: SecretSet, depth: number): unknown {
  if (typeof value === 'string') return secrets.scrub(value);
  if (value instanceof Error) return secrets.scrub(`${value.name}: ${value.message}`);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => scrubValue(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : scrubValue(v, secrets, depth + 1);
  }
  return out;
}

export function redactingLogger(target: CoreLogger, secrets: SecretSet): CoreLogger {
  const wrap =
    (level: keyof CoreLogger) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      try {
        const safeFields = fields ? (scrubValue(fields, secrets, 0) as Record<string, unknown>) : undefined;
        target[level](secrets.scrub(msg), safeFields);
      } catch {
        // A logger that throws must never take an action down with it.
      }
    };
  return { info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
