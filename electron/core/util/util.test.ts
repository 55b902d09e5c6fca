import { describe, expect, it } from 'vitest';
import { parseAddress } from './address';
import { expandCidr } from './cidr';
import { normalizeFingerprint } from './fingerprint';
import { forEachLimited } from './limit';
import { cleanName, cleanText, validHostId } from './text';

describe('untrusted text', () => {
  it('strips control, escape and bidi characters and bounds the length', () => {
    expect(cleanText('a\u0000b\u001b[31mred\u202etxt')).toBe('a b [31mred txt');
    expect(cleanText('x'.repeat(1000), 10)).toHaveLength(10);
    expect(cleanText(42)).toBeNull();
    expect(cleanText('   ')).toBeNull();
  });

  it('keeps markup characters out of names and bounds them to one DNS label', () => {
    expect(cleanName('<script>alert(1)</script>')).toBe('scriptalert(1)/script');
    expect(cleanName('n'.repeat(500))!.length).toBeLessThanOrEqual(63);
    expect(cleanName('edge "one" `two`')).toBe('edge one two');
  });

  it('accepts only edge host ids', () => {
    expect(validHostId(`edge-${'0a'.repeat(16)}`)).toBe(`edge-${'0a'.repeat(16)}`);
    expect(validHostId('edge-XYZ')).toBeNull();
    expect(validHostId(`edge-${'0A'.repeat(16)}`)).toBeNull();
    expect(validHostId(null)).toBeNull();
  });
});

describe('addresses', () => {
  it('parses what a technician types', () => {
    expect(parseAddress('10.0.0.5')).toEqual({ address: '10.0.0.5', port: 5080, portGiven: false });
    expect(parseAddress('10.0.0.5:6000')).toEqual({ address: '10.0.0.5', port: 6000, portGiven: true });
    expect(parseAddress('https://10.0.0.5:6000/ui/#/home')).toEqual({ address: '10.0.0.5', port: 6000, portGiven: true });
    expect(parseAddress(' https://10.0.0.5 ')).toMatchObject({ port: 5080 });
  });

  it('rejects what is not an IPv4 address', () => {
    for (const bad of ['http://10.0.0.5', 'host.local', '10.0.0.256', '10.0.0.5:0', '10.0.0.5:70000', 'ftp://1.2.3.4', '']) {
      expect(parseAddress(bad), bad).toBeNull();
    }
  });

  it('expands a CIDR up to /22 and refuses larger ranges', () => {
    expect(expandCidr('127.0.0.1/30')).toEqual(['127.0.0.1', '127.0.0.2']);
    expect(expandCidr('192.168.1.77/24')).toHaveLength(254);
    expect(expandCidr('10.0.0.0/22')).toHaveLength(1022);
    expect(expandCidr('10.0.0.7/32')).toEqual(['10.0.0.7']);
    expect(() => expandCidr('10.0.0.0/21')).toThrow(/at most a \/22/);
    expect(() => expandCidr('10.0.0.0/33')).toThrow(/not a valid prefix/);
    expect(() => expandCidr('nope/24')).toThrow(/not an address range/);
  });
});

describe('fingerprints', () => {
  it('normalises case and separators', () => {
    const hex = 'ab'.repeat(32);
    const canonical = normalizeFingerprint(hex)!;
    expect(canonical).toMatch(/^AB(:AB){31}$/);
    expect(normalizeFingerprint(`sha256:${canonical.toLowerCase()}`)).toBe(canonical);
    expect(normalizeFingerprint('abc')).toBeNull();
  });
});

describe('bounded concurrency', () => {
  it('never runs more than the limit at once and visits every item', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(n);
      running--;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
