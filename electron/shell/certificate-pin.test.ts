import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fingerprintOfPem, matchesPin, normalizeFingerprint } from './certificate-pin';

// local-ui-window.ts registers an app-level listener when used; the decision it exports needs no Electron.
vi.mock('electron', () => ({ app: { on: vi.fn() }, BrowserWindow: vi.fn(), session: { fromPartition: vi.fn() } }));
const { acceptsCertificate } = await import('./local-ui-window');

let pemA: string;
let pemB: string;

beforeAll(async () => {
  const make = async (cn: string) => (await generate([{ name: 'commonName', value: cn }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' })).cert;
  [pemA, pemB] = await Promise.all([make('edge-a'), make('edge-b')]);
});

describe('certificate pinning', () => {
  it('computes the same fingerprint as Node (the form the core pins)', () => {
    expect(fingerprintOfPem(pemA)).toBe(new X509Certificate(pemA).fingerprint256);
    expect(fingerprintOfPem('not a certificate')).toBeNull();
  });

  it('matches the pinned fingerprint whatever its case or separators', () => {
    const pin = new X509Certificate(pemA).fingerprint256;
    expect(matchesPin(pemA, pin)).toBe(true);
    expect(matchesPin(pemA, pin.toLowerCase())).toBe(true);
    expect(matchesPin(pemA, normalizeFingerprint(pin))).toBe(true);
  });

  it('refuses another certificate, a truncated pin and garbage', () => {
    const pin = new X509Certificate(pemA).fingerprint256;
    expect(matchesPin(pemB, pin)).toBe(false);
    expect(matchesPin(pemA, pin.slice(0, 20))).toBe(false);
    expect(matchesPin(pemA, '')).toBe(false);
    expect(matchesPin('garbage', pin)).toBe(false);
  });

  it("accepts a Local UI certificate only for that window's host and its pin", () => {
    const target = { hostId: 'edge-a', origin: 'https://10.0.0.5:5080', fingerprint: new X509Certificate(pemA).fingerprint256 };
    expect(acceptsCertificate(target, 'https://10.0.0.5:5080/ui/', pemA)).toBe(true);
    expect(acceptsCertificate(target, 'https://10.0.0.5:5080/ui/', pemB)).toBe(false);
    expect(acceptsCertificate(target, 'https://10.0.0.6:5080/', pemA)).toBe(false);
    expect(acceptsCertificate(target, 'https://10.0.0.5:443/', pemA)).toBe(false);
  });
});
