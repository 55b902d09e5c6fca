// Each host presents its own self-signed certificate, the way the console pins real hosts on first contact.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from 'selfsigned';
import { writeAtomically } from './persistence';

export interface HostCertificate {
  keyPem: string;
  certPem: string;
  /** SHA-256 of the certificate DER: upper-case hex pairs joined by colons, as Node's `fingerprint256`. */
  fingerprint: string;
}

/**
 * The host's self-signed certificate, made once and kept in its data directory. ECDSA P-256 because a hundred
 * hosts must start in seconds on two cores: an RSA-2048 key takes ~100x longer to generate.
 */
export async function loadOrCreateCertificate(dir: string, hostName: string, addresses: string[]): Promise<HostCertificate> {
  const keyFile = path.join(dir, 'tls.key');
  const certFile = path.join(dir, 'tls.crt');
  const existing = await readPair(keyFile, certFile);
  if (existing) return existing;

  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: hostName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 10 * 365 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: hostName },
          { type: 2, value: 'localhost' },
          ...unique(['127.0.0.1', ...addresses]).map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  await writeAtomically(keyFile, pems.private, 0o600);
  await writeAtomically(certFile, pems.cert, 0o644);
  return { keyPem: pems.private, certPem: pems.cert, fingerprint: fingerprintOf(pems.cert) };
}

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** Two fingerprints name the same certificate, whatever their case or separators. */
export function sameFingerprint(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return norm(a) === norm(b);
}

export function derToPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

async function readPair(keyFile: string, certFile: string): Promise<HostCertificate | null> {
  try {
    const [keyPem, certPem] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]);
    return { keyPem, certPem, fingerprint: fingerprintOf(certPem) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v && v !== '0.0.0.0' && v !== '::'))];
}
