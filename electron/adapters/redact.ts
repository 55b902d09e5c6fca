// The log file's last line of defence. The core already blanks the secrets it knows (electron/core/log.ts); this
// step catches the shapes of secrets nobody registered: a password field in an object, an Authorization header, a
// JWT (the Local API's session token), a link token, credentials inside a URL.

export const REDACTED = '[redacted]';

/** Field names whose values are secret whatever they hold. */
const SECRET_KEY = /pass(word|wd|phrase)?$|^pwd$|secret|token|^otp$|authori[sz]ation|cookie|credential|api[-_]?key|private[-_]?key|session/i;

const textRules: Array<[RegExp, string]> = [
  // JSON-ish or query-ish `key: value` / `key=value` for secret keys (an HTTP auth scheme word goes with the value).
  [
    /(["']?\b(?:password|passwd|pwd|passphrase|secret|token|otp|authorization|cookie|api[-_]?key|session)[a-z_-]*["']?\s*[:=]\s*)(?:(?:Bearer|Basic|Digest)\s+)?("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;&}\]]+)/gi,
    `$1${REDACTED}`,
  ],
  // HTTP Authorization schemes.
  [/\b(Bearer|Basic|Digest)\s+[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${REDACTED}`],
  // JWTs: header.payload[.signature], each base64url; the header always starts with eyJ ('{"').
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}(?:\.[A-Za-z0-9_-]*)?/g, REDACTED],
  // user:password@ in URLs.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${REDACTED}@`],
];

/** A run of base64 characters long enough to be a token (a link token is base64 of JSON). */
const LONG_RUN = /[A-Za-z0-9+/_-]{32,}={0,2}/g;

/**
 * Whether a long base64-looking run is opaque key material rather than text a reader needs: it mixes upper case,
 * lower case and digits, is not hex (fingerprints and hashes stay readable), and is not a path (path segments are
 * short; a token's stretches between '/' characters are long).
 */
function looksLikeSecret(run: string): boolean {
  const bare = run.replace(/=+$/, '');
  if (/^[0-9a-f:-]+$/i.test(bare)) return false;
  if (!/[A-Z]/.test(bare) || !/[a-z]/.test(bare) || !/[0-9]/.test(bare)) return false;
  return Math.max(...bare.split('/').map((segment) => segment.length)) >= 20;
}

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of textRules) out = out.replace(pattern, replacement);
  return out.replace(LONG_RUN, (run) => (looksLikeSecret(run) ? REDACTED : run));
}

/** A copy of `value` safe to write out: secret keys blanked at any depth, strings scrubbed, errors flattened. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value instanceof Error) return redactText(`${value.name}: ${value.message}`);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 6) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 100).map((item) => redactValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // A boolean or an absent value under a secret-sounding key (`credentialOverride: true`) tells nothing away.
    const telling = item !== null && item !== undefined && typeof item !== 'boolean';
    out[key] = SECRET_KEY.test(key) && telling ? REDACTED : redactValue(item, depth + 1);
  }
  return out;
}
