// Linking a group end to end against simulated hosts: make a leader, read its token, link followers in one
// command, validate, unlink both ways, stop token generation (refused while followers remain), and preflight
// refusing incompatible hosts before anything is sent to them. Then: no password or token in any file or log.
// Against both simulator profiles: `full` (with the token-state extension) and `spec` (only the published API).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProfileName } from '../../../simulator/site';
import { startHarness, type Harness } from '../../test-kit/core/core-harness';
import { SIM_PASSWORD, SIM_USER, startTestSite, type Site } from '../../test-kit/core/sim';

describe.each(['full', 'spec'] as ApiProfileName[])('linking a group (%s profile)', (profile) => {
  let site: Site;
  let h: Harness;
  const tokens: string[] = [];
  const ids = (...i: number[]) => i.map((n) => site.hosts[n]!.id);

  beforeAll(async () => {
    site = await startTestSite({
      profile,
      hosts: 10,
      site: [
        {},
        {},
        {},
        {},
        { mode: 'agent' },
        { state: 'In-Use' },
        { multiNode: false },
        { managementMode: 'central' },
        { mode: 'agent', os: { family: 'ubuntu', version: '22.04' } },
        { mode: 'agent', os: { family: 'sles', version: '15.5' } },
      ],
    });
    h = await startHarness({ user: SIM_USER, password: SIM_PASSWORD, trustNew: true });
    for (const sim of site.hosts) await h.core.handlers['hosts.add']({ address: sim.url });
  });
  afterAll(async () => {
    await h?.close();
    await site?.stop();
  });

  it('makes a host the leader, then reads its token without starting anything', async () => {
    const [leader] = ids(0);
    await expect(h.core.handlers['link.token']({ hostId: leader! })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(profile === 'full' ? /not generating/ : /not known to be a leader/),
    });
    const task = await h.runTask(h.core.handlers['link.makeLeader']({ hostId: leader! }));
    expect(task).toMatchObject({ kind: 'make-leader', state: 'succeeded' });
    expect(await h.host(leader!)).toMatchObject({ role: 'leader', token: { generating: true, support: 'ok' } });
    const token = await h.core.handlers['link.token']({ hostId: leader! });
    tokens.push(token.token);
    expect(token.remainingSec).toBeGreaterThan(0);
    expect(token.intervalSec).toBe(120);
    // The spec profile's tokens name the leader's address without a port.
    expect(token.leaderAddress).toBe(profile === 'full' ? `127.0.0.1:${site.hosts[0]!.port}` : '127.0.0.1');
  });

  it('preflight refuses incompatible hosts with a reason each', async () => {
    const results = await h.core.handlers['link.preflight']({ leaderId: ids(0)[0]!, followerIds: ids(1, 4, 5, 6, 7, 0) });
    const byId = new Map(results.map((r) => [r.hostId, r]));
    expect(byId.get(ids(0)[0]!)).toMatchObject({ ok: false, reasons: [expect.stringMatching(/cannot be linked to itself/)] });
    expect(byId.get(ids(1)[0]!)).toMatchObject({ ok: true });
    expect(byId.get(ids(4)[0]!)!.reasons.join(' ')).toMatch(/agent mode .* appliance mode/);
    expect(byId.get(ids(5)[0]!)!.reasons.join(' ')).toMatch(/In-Use/);
    expect(byId.get(ids(6)[0]!)!.reasons.join(' ')).toMatch(/Multi-node is disabled/);
    // Neither the seed nor the spec requires local management: a warning with the link, never a refusal.
    expect(byId.get(ids(7)[0]!)).toMatchObject({
      ok: true,
      warnings: [expect.stringMatching(/reports central management; linking is done locally all the same/)],
    });
    expect(byId.get(ids(1)[0]!)!.warnings).toEqual([]);
    expect(results.filter((r) => r.hostId === ids(0)[0]).length).toBe(1);
    const agents = await h.core.handlers['link.preflight']({ leaderId: ids(8)[0]!, followerIds: ids(9) });
    expect(agents[1]!.reasons.join(' ')).toMatch(/runs sles 15\.5 and the leader ubuntu 22\.04: in agent mode, linked hosts must run the same OS/);
  });

  it('links followers in one command and refuses the incompatible ones before sending anything', async () => {
    const task = await h.runTask(h.core.handlers['link.followers']({ leaderId: ids(0)[0]!, followerIds: ids(1, 2, 3, 4, 5) }));
    expect(task.kind).toBe('link');
    expect(task.state).toBe('partial');
    const rows = new Map(task.hosts.map((r) => [r.hostId, r]));
    for (const id of ids(1, 2, 3)) expect(rows.get(id)).toMatchObject({ state: 'succeeded', message: expect.stringMatching(/^Linked to /) });
    expect(rows.get(ids(4)[0]!)).toMatchObject({ state: 'refused', message: expect.stringMatching(/deployment mode/) });
    expect(rows.get(ids(5)[0]!)).toMatchObject({ state: 'refused', message: expect.stringMatching(/In-Use/) });
    expect(task.phase).toMatch(/^3 of 5 hosts linked/);
    for (const id of ids(1, 2, 3)) {
      await h.waitHost(id, (v) => v.role === 'follower' && v.leaderId === ids(0)[0], 5_000, 'follower role');
    }
    // The refused hosts were never asked to link.
    for (const id of ids(4, 5)) expect((await h.core.handlers['hosts.refresh']({ hostId: id })).linkStatus).toBeNull();
    const leader = await h.core.handlers['hosts.refresh']({ hostId: ids(0)[0]! });
    expect(leader.peers.map((p) => p.id).sort()).toEqual(ids(1, 2, 3).sort());
  });

  it('validates the group', async () => {
    const report = await h.core.handlers['link.validate']({ leaderId: ids(0)[0]! });
    expect(report.ok).toBe(true);
    expect(report.followers.map((f) => f.hostId).sort()).toEqual(ids(1, 2, 3).sort());
    expect(report.followers.every((f) => f.ok)).toBe(true);
    expect((await h.core.handlers['tasks.list']({})).some((t) => t.kind === 'validate' && t.state === 'succeeded')).toBe(true);
  });

  it('refuses to stop token generation while followers remain', async () => {
    const task = await h.runTask(h.core.handlers['link.stopToken']({ hostId: ids(0)[0]! }));
    expect(task.state).toBe('failed');
    expect(task.hosts[0]).toMatchObject({ state: 'refused', message: expect.stringMatching(/still leads 3 linked host/) });
  });

  it('unlinks a follower from the leader, and another on itself', async () => {
    const fromLeader = await h.runTask(h.core.handlers['link.unlink']({ hostId: ids(1)[0]!, fromLeader: true }));
    expect(fromLeader).toMatchObject({ kind: 'unlink', state: 'succeeded' });
    const onItself = await h.runTask(h.core.handlers['link.unlink']({ hostId: ids(2)[0]!, fromLeader: false }));
    expect(onItself.state).toBe('succeeded');
    for (const id of ids(1, 2)) await h.waitHost(id, (v) => v.role === 'standalone', 5_000, 'standalone after unlink');
    // The leader no longer lists them; unlinking a standalone host is refused before anything is sent.
    const again = await h.runTask(h.core.handlers['link.unlink']({ hostId: ids(2)[0]!, fromLeader: false }));
    expect(again.hosts[0]).toMatchObject({ state: 'refused', message: expect.stringMatching(/not a follower/) });
    const last = await h.runTask(h.core.handlers['link.unlink']({ hostId: ids(3)[0]!, fromLeader: true }));
    expect(last.state).toBe('succeeded');
  });

  it(
    profile === 'full' ? 'stops token generation once no follower remains' : 'says the host has no stop call and names its Local UI, claiming nothing',
    async () => {
      const task = await h.runTask(h.core.handlers['link.stopToken']({ hostId: ids(0)[0]! }));
      if (profile === 'full') {
        expect(task).toMatchObject({ kind: 'stop-token', state: 'succeeded' });
        await h.waitHost(ids(0)[0]!, (v) => v.role === 'standalone' && v.token?.generating === false, 5_000, 'standalone leader');
      } else {
        expect(task).toMatchObject({ kind: 'stop-token', state: 'failed' });
        expect(task.hosts[0]!.message).toMatch(new RegExp(`has no call to stop token generation.*Local UI.*${site.hosts[0]!.url}$`));
        const state = (await (await fetch(`${site.hosts[0]!.admin}/state`)).json()) as { generatingTokens: boolean };
        expect(state.generatingTokens).toBe(true);
        await h.waitHost(ids(0)[0]!, (v) => v.token?.stopUnconfirmed === true, 5_000, 'stop marked as not seen');
      }
    },
  );

  it('wrote no password or link token to a file or a log line', async () => {
    await h.core.close();
    const secrets = [SIM_PASSWORD, ...tokens];
    const files = await readdir(h.stateDir);
    // Every state file is searched, whichever the core keeps; these it must keep after linking.
    expect(files).toEqual(expect.arrayContaining(['certificates.json', 'hosts.json', 'leaders-made.json', 'unlink-peer-id.json']));
    for (const file of files) {
      const text = await readFile(path.join(h.stateDir, file), 'utf8');
      for (const s of secrets) expect(text.includes(s), `${file} contains a secret`).toBe(false);
    }
    const events = JSON.stringify(h.events);
    for (const s of secrets) {
      expect(h.logs.join('\n').includes(s)).toBe(false);
      expect(events.includes(s)).toBe(false);
    }
    expect(h.logs.length).toBeGreaterThan(0);
  });
});
