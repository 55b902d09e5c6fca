import { describe, expect, it } from 'vitest';
import { REDACTED, redactText, redactValue } from './redact';

const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';
// What the simulator's link token looks like: base64 of a small JSON object with the leader's address and an OTP.
const linkToken = Buffer.from(JSON.stringify({ leader: '10.0.0.5', port: 5080, otp: 'K7Q2-93XZ-PL0W', nonce: 'a9f8e7d6c5' })).toString('base64');

describe('redactText', () => {
  it('blanks values of secret-named fields in JSON, query strings and prose', () => {
    expect(redactText('{"username":"admin","password":"hunter2!"}')).toBe(`{"username":"admin","password":${REDACTED}}`);
    expect(redactText('login password=hunter2 user=admin')).toBe(`login password=${REDACTED} user=admin`);
    expect(redactText("token: 'abc def'")).toBe(`token: ${REDACTED}`);
    expect(redactText('Authorization: Basic YWRtaW46aHVudGVyMg==')).not.toContain('YWRtaW46aHVudGVyMg');
    expect(redactText('?otp=123456&x=1')).toBe(`?otp=${REDACTED}&x=1`);
  });

  it('blanks bearer tokens, JWTs and link tokens wherever they appear', () => {
    expect(redactText(`sent header Bearer ${jwt}`)).not.toContain(jwt.slice(0, 30));
    expect(redactText(`session ${jwt} renewed`)).toBe(`session ${REDACTED} renewed`);
    const out = redactText(`linking edge-2 with ${linkToken}`);
    expect(out).not.toContain(linkToken.slice(10, 40));
    expect(out).toContain('linking edge-2 with');
  });

  it('blanks credentials inside URLs', () => {
    expect(redactText('GET https://admin:hunter2@10.0.0.5:5080/v1/ping')).toBe(`GET https://admin:${REDACTED}@10.0.0.5:5080/v1/ping`);
  });

  it('keeps what a reader needs: fingerprints, hashes, ids, paths, addresses', () => {
    const kept = [
      'pinned AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89',
      'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'host edge-4f1c2a9b-77d0-4e1b-9c7a-2f3e4d5c6b7a online at 10.0.0.5:5080',
      'uploading /home/tech/Content/site-42/bundles/edge-content-v4.tar.zst',
      'C:\\Users\\Tech\\Downloads\\bundle.tar',
      'linked 5 followers in 12.4 s',
    ];
    for (const line of kept) expect(redactText(line)).toBe(line);
  });
});

describe('redactValue', () => {
  it('blanks secret keys at any depth and scrubs strings elsewhere', () => {
    const input = {
      host: 'edge-1',
      credentials: { username: 'admin', password: 'hunter2' },
      headers: { Authorization: jwt, 'content-type': 'application/json' },
      steps: [{ token: linkToken }, { message: `used password=hunter2` }],
      sessionToken: 'x',
      otp: 123456,
      credentialOverride: true,
      retryAfterSec: 30,
    };
    const out = redactValue(input) as typeof input & Record<string, unknown>;
    expect(out.host).toBe('edge-1');
    expect(out.credentials).toBe(REDACTED);
    expect(out.headers).toEqual({ Authorization: REDACTED, 'content-type': 'application/json' });
    expect(out.steps).toEqual([{ token: REDACTED }, { message: `used password=${REDACTED}` }]);
    expect(out.sessionToken).toBe(REDACTED);
    expect(out.otp).toBe(REDACTED);
    // A flag under a secret-sounding name gives nothing away and helps a reader.
    expect(out.credentialOverride).toBe(true);
    expect(out.retryAfterSec).toBe(30);
    expect(JSON.stringify(out)).not.toContain('hunter2');
  });

  it('flattens errors to name and scrubbed message, and stops at cycles and depth', () => {
    expect(redactValue(new Error(`login failed for password=hunter2`))).toBe(`Error: login failed for password=${REDACTED}`);
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 10; i++) cursor = (cursor.next = {}) as Record<string, unknown>;
    expect(JSON.stringify(redactValue(deep))).toContain('[…]');
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    expect(() => JSON.stringify(redactValue(cyclic))).not.toThrow();
  });
});
