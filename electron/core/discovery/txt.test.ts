import { describe, expect, it } from 'vitest';
import { leaderFromToken, looksLikeToken } from './token-address';
import { serviceToObservation } from './txt';

const ID = `edge-${'cd'.repeat(16)}`;
const base = {
  name: 'edge-1',
  type: 'palette-edge',
  protocol: 'tcp',
  port: 5080,
  addresses: ['10.0.0.7'],
  referer: { address: '10.0.0.7' },
  txt: { id: ID, mode: 'agent' },
};

describe('mDNS records are untrusted', () => {
  it('turns a good record into an observation', () => {
    expect(serviceToObservation(base)).toEqual({
      ok: true,
      observation: { address: '10.0.0.7', port: 5080, source: 'mdns', claimedId: ID, name: 'edge-1', mode: 'agent' },
    });
  });

  it('rejects a record whose id is not an edge id', () => {
    // With who sent it and the name it gave, for the log line that lets a technician find the device.
    expect(serviceToObservation({ ...base, name: 'bad\u001b[31m-name', txt: { id: 'edge-../../etc' } })).toEqual({
      ok: false,
      reason: 'TXT id is not an edge host id',
      from: '10.0.0.7',
      name: 'bad [31m-name',
    });
    expect(serviceToObservation({ ...base, name: 7, referer: { address: 'not-an-ip' }, port: 0 })).toEqual({
      ok: false,
      reason: 'no valid port',
      from: null,
      name: null,
    });
  });

  it('rejects wrong types without throwing', () => {
    const hostile: unknown[] = [
      null,
      42,
      'text',
      { ...base, port: 'http' },
      { ...base, port: 70000 },
      { ...base, type: 'ssh' },
      { ...base, addresses: [{}, 5], referer: { address: 7 } },
      { ...base, addresses: ['fe80::1'], referer: undefined },
    ];
    for (const h of hostile) expect(serviceToObservation(h).ok, JSON.stringify(h)).toBe(false);
  });

  it('cleans names and ignores TXT values of the wrong type', () => {
    const r = serviceToObservation({ ...base, name: `<img src=x onerror=alert(1)>${'x'.repeat(300)}`, txt: { id: ID, mode: { evil: true }, name: 5 } });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.observation.name).not.toMatch(/[<>]/);
      expect(r.observation.name!.length).toBeLessThanOrEqual(63);
      expect(r.observation.mode).toBeNull();
    }
  });

  it("prefers the host's own A record over the sender of the packet", () => {
    const r = serviceToObservation({ ...base, addresses: ['10.0.0.8'], referer: { address: '10.0.0.1' } });
    expect(r.ok && r.observation.address).toBe('10.0.0.8');
  });
});

describe('leader inside a token', () => {
  it('reads the address of a simulator token and never fails on others', () => {
    const token = Buffer.from(JSON.stringify({ ip: '10.1.2.3', port: 5081, otp: 'x', id: ID })).toString('base64');
    expect(leaderFromToken(token)).toEqual({ address: '10.1.2.3', port: 5081, portGiven: true, id: ID });
    expect(leaderFromToken('not a token at all')).toBeNull();
    expect(leaderFromToken(Buffer.from('{"ip":"host.local"}').toString('base64'))).toBeNull();
    expect(leaderFromToken(Buffer.from([0xff, 0xfe, 0x00, 0x12, 0x99, 0x10, 0x20, 0x30]).toString('base64'))).toBeNull();
  });

  it('finds an IPv4 address, with or without a port, anywhere in a token of another format', () => {
    const withPort = Buffer.from('v2|leader=192.168.7.20:5080|otp=839201|exp=1732900000').toString('base64');
    expect(leaderFromToken(withPort)).toEqual({ address: '192.168.7.20', port: 5080, portGiven: true, id: null });
    const noPort = Buffer.from('\x01\x02192.168.7.21\x00otp:77').toString('base64url');
    expect(leaderFromToken(noPort)).toMatchObject({ address: '192.168.7.21', port: 5080, portGiven: false });
    // Version numbers and longer dotted runs are not addresses.
    expect(leaderFromToken(Buffer.from('agent v4.7.2.1 otp 1234567').toString('base64'))).toBeNull();
  });

  it('says there is no address in an encrypted-looking token, but still sees that it is a token', () => {
    const opaque = Buffer.from(Array.from({ length: 48 }, (_, i) => (i * 37 + 11) % 256)).toString('base64');
    expect(leaderFromToken(opaque)).toBeNull();
    expect(looksLikeToken(opaque)).toBe(true);
    expect(looksLikeToken('192.168.1.20:5080')).toBe(false);
  });
});
