// A host whose network link stalls like a pulled cable (test-kit/core/hostile-link.ts, stall()): no reset, no FIN,
// nothing answers any more. The monitor shows it offline within a bounded time, in the technician's words; actions
// on it fail in bounded time saying what happened and what to do; once the link is back, the host comes back online
// with its trust and its session as they were. Against both simulator profiles: `full`, and `spec` with opaque tokens.
import { afterEach, describe, expect, it } from 'vitest';
import type { HostView } from '../../../shared/contract';
import type { ApiProfileName } from '../../../simulator/site';
import { startHostileSite, type HostileSite } from '../../test-kit/core/hostile-site';

let hs: HostileSite | null = null;
afterEach(async () => {
  await hs?.close();
  hs = null;
});

/** What every message about a silent host must end with: what to do. */
const CHECK_IT = /[Cc]heck that (it|the host) is on and on this network/;

describe.each(['full', 'spec'] as ApiProfileName[])('a stalled link (%s profile)', (profile) => {
  it('shows an idle host offline, fails an action on it clearly, and takes it back with its trust and session', async () => {
    hs = await startHostileSite({ profile, hosts: 1 });
    const { h, site, links } = hs;
    const id = site.hosts[0]!.id;
    const before = await h.waitHost(id, (v) => v.online && v.access === 'ok', 30_000, 'logged in');
    const client = h.core.context.agentFor(id);
    const session = await client.authHeaders();

    links[0]!.stall();
    const stalledAt = Date.now();
    // The monitor alone: a few liveness checks that get no connection, or one that hears nothing for 10 s.
    const off = await h.waitHost(id, (v) => !v.online, 30_000, 'offline');
    expect(Date.now() - stalledAt).toBeLessThan(20_000);
    expect(off.access).toBe('unreachable');
    expect(off.accessMessage).toMatch(/(did not accept a connection within 3 s|No answer from .* within 10 s)/);
    expect(off.accessMessage).toMatch(CHECK_IT);

    // Started on a host shown offline: refused in a few seconds, with the reason and what to do.
    const actionAt = Date.now();
    const task = await h.runTask(h.core.handlers['link.makeLeader']({ hostId: id }));
    expect(Date.now() - actionAt).toBeLessThan(15_000);
    expect(task.state).toBe('failed');
    expect(task.retryable).toBe(true);
    expect(task.hosts[0]!.message).toMatch(/ is offline: /);
    expect(task.hosts[0]!.message).toMatch(CHECK_IT);

    const restoredAt = Date.now();
    await links[0]!.restore();
    const back = await h.waitHost(id, (v) => v.online && v.access === 'ok', 30_000, 'back online');
    expect(Date.now() - restoredAt).toBeLessThan(10_000);
    // Trust and session as they were: same pinned certificate, same client, same session token (no new login).
    expect(back.fingerprint).toBe(before.fingerprint);
    expect(h.core.context.agentFor(id)).toBe(client);
    expect(client.authState).toEqual({ kind: 'ok' });
    expect(await client.authHeaders()).toEqual(session);
    expect(new Set(accessShownSince(stalledAt))).toEqual(new Set(['ok', 'unreachable']));
    expect(h.logs.filter((l) => l.includes('certificate trusted'))).toHaveLength(1);
    // Nothing lost: what the core knew of the host is shown again.
    expect(back).toMatchObject({ role: before.role, state: before.state, mode: before.mode, agentVersion: before.agentVersion });
  }, 60_000);
});

// The link stalls just as an action starts, while the host is still shown online. One profile only: what is
// checked is the core's rule (a read that heard nothing for its whole timeout is the liveness answer), the same for
// both; hosts/silent-read.test.ts checks it against a fake host.
describe('a link that stalls under an action', () => {
  it('fails the action in bounded time and shows the host offline at once', async () => {
    hs = await startHostileSite({ profile: 'full', hosts: 1 });
    const { h, site, links } = hs;
    const id = site.hosts[0]!.id;
    await h.waitHost(id, (v) => v.online && v.access === 'ok', 30_000, 'logged in');
    links[0]!.stall();
    const stalledAt = Date.now();
    const task = await h.runTask(h.core.handlers['link.makeLeader']({ hostId: id }));
    expect(Date.now() - stalledAt).toBeLessThan(20_000);
    expect(task.state).toBe('failed');
    expect(task.hosts[0]!.message).toMatch(/within 10 s/);
    expect(task.hosts[0]!.message).toMatch(CHECK_IT);
    // That silence is the liveness answer (before the fix: only after one more 10 s timeout of the monitor's own).
    const off = await h.waitHost(id, (v) => !v.online, 2_000, 'offline');
    expect(off.accessMessage).toMatch(/^No answer from 127\.0\.0\.1:\d+ within 10 s: check that the host is on and on this network\.$/);
    await links[0]!.restore();
    await h.waitHost(id, (v) => v.online && v.access === 'ok', 30_000, 'back online');
  }, 60_000);
});

/** Every access state the host was shown in since `since`. */
function accessShownSince(since: number): string[] {
  return hs!.h.events
    .filter((e) => e.name === 'hosts.changed' && e.at >= since)
    .flatMap((e) => (e.payload as { upserted: HostView[] }).upserted.map((v) => v.access));
}
