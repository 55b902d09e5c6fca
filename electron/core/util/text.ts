// Text that came from a host or from mDNS is untrusted: it is shown to a person, never interpreted. These helpers
// keep it printable and bounded, so a hostile answer cannot smuggle terminal escapes, bidi tricks or megabytes.

// C0/C1 controls, DEL, bidi overrides and isolates, zero-width joiners, BOM, line and paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;
// Characters that mean something to HTML or shells; a name never needs them.
const NAME_UNSAFE = /[<>"'`\\{}]/g;

export const MAX_NAME = 63;
export const MAX_MESSAGE = 300;
export const MAX_SHORT = 80;

function truncate(text: string, max: number): string {
  // Slice by code points so a surrogate pair is never cut in half.
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/** Printable, single-line, bounded text; null when nothing usable is left. */
export function cleanText(value: unknown, max = MAX_MESSAGE): string | null {
  if (typeof value !== 'string') return null;
  const text = value
    .slice(0, max * 4)
    .replace(UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text ? truncate(text, max) : null;
}

/** A host or peer name: like cleanText, without markup or quoting characters, at most one DNS label long. */
export function cleanName(value: unknown, max = MAX_NAME): string | null {
  if (typeof value !== 'string') return null;
  return cleanText(value.slice(0, max * 4).replace(NAME_UNSAFE, ''), max);
}

export const HOST_ID_PATTERN = /^edge-[0-9a-f]{32}$/;

/** An agent id as the API defines it, or null: anything else is not an id Fieldlink will key a host by. */
export function validHostId(value: unknown): string | null {
  return typeof value === 'string' && HOST_ID_PATTERN.test(value) ? value : null;
}
