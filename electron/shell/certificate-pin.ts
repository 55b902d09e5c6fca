// Certificate pinning for a host's Local UI window. The fingerprint is computed here from the certificate itself
// (SHA-256 of its DER bytes, as Node's `fingerprint256`) rather than taken from Electron's `fingerprint` field, so
// it is the same kind of value the core pinned when it first talked to the host.
import { X509Certificate } from 'node:crypto';

/** Upper-case hex without separators; accepts `AB:CD:…`, `abcd…`. */
export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

export function fingerprintOfPem(pem: string): string | null {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return null;
  }
}

/** True only for a well-formed SHA-256 fingerprint equal to the pinned one. */
export function matchesPin(certificatePem: string, pinned: string): boolean {
  const seen = fingerprintOfPem(certificatePem);
  const want = normalizeFingerprint(pinned);
  return seen !== null && want.length === 64 && normalizeFingerprint(seen) === want;
}
