// Certificate fingerprints: SHA-256 of the DER, shown as upper-case hex pairs joined by colons (the form Node's
// `fingerprint256` and browsers use), compared without regard to case or separators.

/** Canonical form, or null when `text` is not a SHA-256 fingerprint. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text
    .replace(/^sha-?256[:\s]*/i, '')
    .replace(/[\s:-]/g, '')
    .toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}
