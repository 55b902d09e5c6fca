// Linking over a distant, slow network link, at the TCP level (test-kit/core/hostile-link.ts). Against both simulator
// profiles: `full`, and `spec` with opaque tokens (the token says nothing of the leader; it travels from the leader to
// each follower through the core). Connections reset mid-run: hostile-link-cuts.int.test.ts.
//
// The core reaches each host through its relay; the hosts reach each other directly, and list each other by those
// direct addresses. The core takes those in as well, and once such an address answers with a host's id, the entry
// the technician added merges into it (hosts/registry.ts): from then on that host's traffic no longer crosses the
// relay. Work under way at that moment must go on (hosts/merge-in-flight.test.ts, linking/validate-merge.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiProfileName } from '../../../simulator/site';
import { flaps, startHostileSite, type HostileSite } from '../../test-kit/core/hostile-site';

let hs: HostileSite | null = null;

afterEach(async () => {
  await hs?.close();
  hs = null;
});

describe.each(['full', 'spec'] as ApiProfileName[])('linking over a hostile link (%s profile)', (profile) => {
  it('trusts, logs in, makes a leader, links, validates and unlinks over a distant, slow link without the monitor flapping', async () => {
    // 200 ms each way and 2 Mbit/s: a site reached over a long, thin WAN link.
    hs = await startHostileSite({ profile, hosts: 3, trustNew: false, shape: { delayUpMs: 200, delayDownMs: 200, bytesPerSec: 250_000 } });
    const { h, site, added, links } = hs;
    for (const [i, view] of added.entries()) {
      expect(view.access).toBe('needs-trust');
      // The technician compares the fingerprint with the one the host's console shows, then trusts it.
      expect(view.offeredFingerprint).toBe(site.hosts[i]!.fingerprint);
      expect(view.accessMessage).toMatch(/Compare the certificate fingerprint .* then trust it/);
    }
    await Promise.all(added.map((view) => h.core.handlers['certificates.trust']({ hostId: view.id, fingerprint: view.offeredFingerprint! })));
    const ids = site.hosts.map((s) => s.id);
    for (const id of ids) await h.waitHost(id, (v) => v.access === 'ok', 30_000, `logged in to ${id}`);
    const [leader, a, b] = ids as [string, string, string];

    const made = await h.runTask(h.core.handlers['link.makeLeader']({ hostId: leader }));
    expect(made.state, JSON.stringify(made.hosts)).toBe('succeeded');
    const linked = await h.runTask(h.core.handlers['link.followers']({ leaderId: leader, followerIds: [a, b] }));
    expect(linked.state, JSON.stringify(linked.hosts)).toBe('succeeded');
    for (const row of linked.hosts) expect(row.message).toMatch(/^Linked to /);
    const report = await h.core.handlers['link.validate']({ leaderId: leader });
    expect(report.ok, JSON.stringify(report)).toBe(true);
    expect(report.followers.map((f) => [f.hostId, f.message])).toEqual(
      expect.arrayContaining([
        [a, expect.stringMatching(/^Linked to /)],
        [b, expect.stringMatching(/^Linked to /)],
      ]),
    );
    expect(report.followers).toHaveLength(2);
    const unlinked = await h.runTask(h.core.handlers['link.unlink']({ hostId: b, fromLeader: false }));
    expect(unlinked.state, JSON.stringify(unlinked.hosts)).toBe('succeeded');
    await h.waitHost(b, (v) => v.role === 'standalone', 30_000, 'unlinked host standalone');

    // Never shown offline on the way, and every relay carried the console's traffic.
    expect(flaps(h)).toEqual([]);
    for (const id of ids) expect((await h.host(id)).online).toBe(true);
    for (const link of links) expect(link.delivered().up).toBeGreaterThan(0);
  }, 60_000);
});
