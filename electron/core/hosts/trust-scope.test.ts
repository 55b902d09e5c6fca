// --trust-new must never pin a host because of what the host announced about itself: a name or id it claims over
// mDNS names nothing for trust, while an address (or a name the technician gave the console another way) does.
import { describe, expect, it } from 'vitest';
import type { HostEntry } from './entry';
import { inTrustScope, type ScopeLookup } from './trust-scope';

interface Fake {
  name: string;
  address: string;
  port: number;
  claimOnly: boolean;
}

function setup(fakes: Fake[]): { entries: HostEntry[]; lookup: ScopeLookup } {
  // Only the fields the scope reads: address, port, certificate verdict and link peers.
  const entries = fakes.map((f) => ({ address: f.address, port: f.port, cert: { verdict: 'unknown' }, link: null, name: f.name }) as unknown as HostEntry);
  const lookup: ScopeLookup = {
    find: (ref) => entries[fakes.findIndex((f) => f.name === ref)] ?? null,
    all: () => entries,
    claimOnly: (e) => fakes[entries.indexOf(e)]!.claimOnly,
  };
  return { entries, lookup };
}

describe('the --trust-new scope', () => {
  it('names a host by its address, whatever it announced', () => {
    const { entries, lookup } = setup([{ name: 'plant-a-01', address: '10.0.0.5', port: 5080, claimOnly: true }]);
    expect(inTrustScope({ hosts: ['10.0.0.5:5080'] }, entries[0]!, lookup)).toBe(true);
    expect(inTrustScope({ hosts: ['10.0.0.5'] }, entries[0]!, lookup)).toBe(true);
    expect(inTrustScope({ hosts: ['10.0.0.6:5080'] }, entries[0]!, lookup)).toBe(false);
  });

  it('never trusts a host because a name or id it claimed over mDNS matches the command', () => {
    const { entries, lookup } = setup([{ name: 'plant-a-01', address: '10.9.9.9', port: 5080, claimOnly: true }]);
    expect(inTrustScope({ hosts: ['plant-a-01'] }, entries[0]!, lookup)).toBe(false);
  });

  it('takes a name for a host the technician added another way (by address, a token, a probe)', () => {
    const { entries, lookup } = setup([{ name: 'plant-a-01', address: '10.0.0.5', port: 5080, claimOnly: false }]);
    expect(inTrustScope({ hosts: ['plant-a-01'] }, entries[0]!, lookup)).toBe(true);
  });

  it('an address without a port shared by two hosts names neither', () => {
    const { entries, lookup } = setup([
      { name: 'a', address: '127.0.0.1', port: 5080, claimOnly: false },
      { name: 'b', address: '127.0.0.1', port: 5081, claimOnly: false },
    ]);
    expect(inTrustScope({ hosts: ['127.0.0.1'] }, entries[0]!, lookup)).toBe(false);
    expect(inTrustScope({ hosts: ['127.0.0.1:5081'] }, entries[1]!, lookup)).toBe(true);
  });
});
