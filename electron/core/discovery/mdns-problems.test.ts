import { describe, expect, it } from 'vitest';
import { describeMdnsFault } from './mdns-problems';

const fault = (code: string) => ({ code, message: `send ${code} 224.0.0.251:5353` });

describe('mDNS socket errors in words', () => {
  it.each([
    ['darwin', 'EHOSTUNREACH', /Privacy & Security › Local Network/],
    ['darwin', 'EPERM', /Local Network/],
    ['win32', 'EACCES', /Private network.*Firewall/s],
    ['win32', 'EHOSTUNREACH', /Private network/],
    ['linux', 'EADDRNOTAVAIL', /gone or down/],
    ['linux', 'EADDRINUSE', /Another program holds the mDNS port/],
    ['linux', 'EACCES', /firewall or security policy blocks UDP port 5353/],
    ['linux', 'EHOSTUNREACH', /cannot leave by 10\.0\.0\.2/],
  ] as const)('on %s, %s says what to do', (platform, code, words) => {
    const text = describeMdnsFault('10.0.0.2', fault(code), platform);
    expect(text).toMatch(words);
    expect(text).toMatch(/added by address/);
  });

  it('names an unknown error by its code and message, never silently', () => {
    expect(describeMdnsFault('10.0.0.2', { code: 'EWEIRD', message: 'odd' }, 'linux')).toMatch(/mDNS on 10\.0\.0\.2 failed \(EWEIRD: odd\)/);
    expect(describeMdnsFault('10.0.0.2', { message: 'no code at all' }, 'linux')).toMatch(/no code at all/);
  });
});
