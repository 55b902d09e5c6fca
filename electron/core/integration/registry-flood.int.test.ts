// Issue 12: 10,000 hostile mDNS records on the loopback link. The registry keeps a bounded number of these
// unconfirmed claims in memory, saves none of them, still takes a host added by address at once, and forgets the
// claims once the announcer goes silent.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SILENT_CLAIMS_PER_SOURCE } from '../hosts/registry';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { SIM_PASSWORD, SIM_USER, startTestSite, type Site } from '../../test-kit/core/sim';
import { waitFor } from '../../test-kit/core/wait';
import { startFlood, type Flood } from '../../test-kit/core/mdns-flood';

let h: Harness;
let flood: Flood;
let site: Site;
const flooded = (list: { address: string }[]) => list.filter((v) => /^127\.1\d\d\./.test(v.address)).length;

beforeAll(async () => {
  site = await startTestSite({ hosts: 1 });
  // Claims silent for 3 s are dropped, so the test can watch the flood leave.
  h = await startHarness({
    discovery: true,
    mdnsInterfaces: ['127.0.0.1'],
    mdnsRequeryMs: 60_000,
    claimSilentMs: 3_000,
    user: SIM_USER,
    password: SIM_PASSWORD,
    stateDir: undefined,
  });
  flood = startFlood(10_000);
});
afterAll(async () => {
  await flood?.close();
  await h?.close();
  await site?.stop();
});

describe('a flood of mDNS announcements', () => {
  it('keeps at most the per-source cap of unconfirmed claims that never answered', async () => {
    // Every made-up host points at a dead address: only the cap for claims that never answered is kept.
    // Announced until the core's browser (started just after the core) hears it, as a flood would keep doing.
    await waitFor(
      async () => {
        await flood.announce();
        return flooded(await h.hosts()) >= MAX_SILENT_CLAIMS_PER_SOURCE;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the flood reaching the registry' },
    );
    await flood.announce();
    expect(flooded(await h.hosts())).toBe(MAX_SILENT_CLAIMS_PER_SOURCE);
    expect(h.logs.some((l) => l.includes('too many unconfirmed hosts announced'))).toBe(true);
  });

  it('still takes a host added by address, trusts and logs in to it', async () => {
    const sim = site.hosts[0]!;
    const added = await h.core.handlers['hosts.add']({ address: `127.0.0.1:${sim.port}` });
    await h.core.handlers['certificates.trust']({ hostId: added.id, fingerprint: added.offeredFingerprint! });
    await h.waitHost(sim.url, (v) => v.access === 'ok' && v.name === sim.name, 15_000, 'the host added by address');
  });

  it('saves none of the claims, and drops them once the announcer is silent', async () => {
    await waitFor(async () => flooded(await h.hosts()) === 0, { timeoutMs: 20_000, what: 'the silent claims to be dropped' });
    await h.core.close();
    const saved = JSON.parse(await readFile(path.join(h.stateDir, 'hosts.json'), 'utf8')) as { hosts: { address: string }[] };
    expect(flooded(saved.hosts)).toBe(0);
    expect(saved.hosts.map((k) => k.address)).toEqual(['127.0.0.1']);
  });
});
