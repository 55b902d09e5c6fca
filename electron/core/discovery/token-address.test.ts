// Pasted tokens are untrusted text: whatever is pasted, decoding never throws, and an address is found only where
// one is really written.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leaderFromToken } from './token-address';

describe('leaderFromToken on anything pasted', () => {
  it('never throws on garbage, and answers null or a valid IPv4 leader', () => {
    const samples: unknown[] = [
      '',
      ' ',
      '====',
      'A'.repeat(20_000),
      '\u0000\u0001\u0002',
      '😀😀😀😀😀😀😀😀',
      '%%%%%%%%%%',
      '999.999.999.999:99999',
      '1.2.3.4:0',
      null,
      undefined,
      42,
      { token: 'x' },
    ];
    for (let i = 0; i < 300; i++) {
      const bytes = randomBytes(1 + (i % 97));
      samples.push(bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('latin1'), bytes.toString('hex'));
    }
    for (const sample of samples) {
      const leader = leaderFromToken(sample);
      if (leader !== null) {
        expect(leader.address).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
        expect(leader.port).toBeGreaterThan(0);
        expect(leader.port).toBeLessThan(65_536);
      }
    }
  });

  it('reads a token wrapped over several lines as one', () => {
    const token = Buffer.from('\u0002leader at 10.20.30.40:5080\u0000otp').toString('base64');
    const wrapped = `${token.slice(0, 10)}\n${token.slice(10, 20)}\r\n  ${token.slice(20)}`;
    expect(leaderFromToken(wrapped)).toMatchObject({ address: '10.20.30.40', port: 5080, portGiven: true });
  });

  it('finds an address written in a token that is not base64 at all', () => {
    expect(leaderFromToken('leader=192.168.1.9;otp=abc')).toMatchObject({ address: '192.168.1.9', portGiven: false });
  });

  it('finds nothing in an opaque (encrypted-looking) token', () => {
    expect(
      leaderFromToken(
        Buffer.concat([Buffer.from([3]), randomBytes(24)])
          .toString('base64')
          .replace(/\d/g, 'A'),
      ),
    ).toBeNull();
  });
});
