// The `fieldlink` command end to end: spawned as a user would run it (node bin/fieldlink.mjs), with its own state
// folder, driving a simulated site over HTTPS. The steps build on each other (trust, leader, link, unlink, stop,
// upload), like a technician's session. They run against both simulator profiles: `full` (the simulator's own
// agent: mDNS, the token-state extension; hosts named by name) and `spec` (only the published API, like a real
// host: no mDNS, no extension, opaque tokens; hosts named by address).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostView, TaskView } from '../../shared/contract';
import { startSite, type ApiProfileName, type Site, type SiteHost } from '../../simulator/site';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin', 'fieldlink.mjs');

let stateDir: string;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function fieldlink(args: string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args, '--mdns-interface', '127.0.0.1', '--state', stateDir],
      {
        cwd: root,
        timeout: timeoutMs,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: stateDir,
          FIELDLINK_USER: 'kairos',
          FIELDLINK_PASSWORD: 'kairos',
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** What the simulated host itself says (its admin API), to check the CLI's claims against the site. */
async function siteState(host: SiteHost): Promise<{ role: string; generatingTokens: boolean; group: { leaderId: string } | null }> {
  const response = await fetch(`${host.admin}/state`);
  return (await response.json()) as { role: string; generatingTokens: boolean; group: { leaderId: string } | null };
}

function stderrLines(result: Result): string[] {
  return result.stderr.split('\n').filter(Boolean);
}

/** No run may ever show a stack trace. */
function expectNoStack(result: Result): void {
  expect(result.stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  expect(result.stderr).not.toMatch(/node:internal|\.ts:\d+/);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe.each(['full', 'spec'] as ApiProfileName[])('fieldlink against a simulated site (%s profile)', (profile) => {
  let site: Site;
  let leader: SiteHost;
  let followerA: SiteHost;
  let followerB: SiteHost;
  let spare: SiteHost;
  /** How a command names a host: by name where mDNS finds it, by address where nothing announces it. */
  const ref = (h: SiteHost) => (profile === 'full' ? h.name : `${h.address}:${h.port}`);
  /** --trust-new takes a host's address: a name heard over mDNS is only what the host claims. */
  const addr = (h: SiteHost) => `${h.address}:${h.port}`;
  /** How the CLI labels a host in its lines before and after it knows the host's name. */
  const label = (h: SiteHost) => (profile === 'full' ? escape(h.name) : `(?:${escape(h.name)}|${escape(`${h.address}:${h.port}`)})`);

  beforeAll(async () => {
    stateDir = mkdtempSync(path.join(os.tmpdir(), `fieldlink-cli-${profile}-`));
    site = await startSite({ hosts: 4, mdnsInterface: '127.0.0.1', profile, linkStepMs: 100 });
    [leader, followerA, followerB, spare] = site.hosts as [SiteHost, SiteHost, SiteHost, SiteHost];
  });

  afterAll(async () => {
    await site?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('hosts --json lists every simulated host, with how it was found', async () => {
    const add = profile === 'full' ? [] : site.hosts.flatMap((h) => ['--add', ref(h)]);
    const result = await fieldlink(['hosts', '--json', '--wait', '2', ...add]);
    expectNoStack(result);
    expect(result.code).toBe(0);
    const hosts = JSON.parse(result.stdout) as HostView[];
    // Other suites may announce hosts on loopback too: look for ours by address. Before its certificate is trusted
    // the core cannot ask a host its agent id or (without mDNS) its name.
    for (const simulated of site.hosts) {
      const host = hosts.find((h) => h.url === simulated.url);
      expect(host, simulated.name).toMatchObject({ url: simulated.url, online: true });
      expect(host!.sources).toContain(profile === 'full' ? 'mdns' : 'manual');
      for (const key of ['url', 'role', 'state']) expect(host).toHaveProperty(key);
    }
  });

  it('refuses a certificate seen for the first time without --trust-new, printing its fingerprint', async () => {
    const result = await fieldlink(['status', ref(leader)]);
    expectNoStack(result);
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toHaveLength(1);
    expect(stderrLines(result)[0]).toMatch(
      new RegExp(
        `^${label(leader)}: its certificate is new to this console \\(SHA-256 fingerprint ${leader.fingerprint}\\)\\. Check it against the host, then run again with --trust-new, naming the host by its address \\(ip:port\\)\\.$`,
      ),
    );
  });

  it('a wrong password is one line and one login attempt, and the next command does not try again', async () => {
    const result = await fieldlink(['status', '--trust-new', addr(spare)], { FIELDLINK_PASSWORD: 'not-the-password' });
    expectNoStack(result);
    expect(result.code).toBe(1);
    const lines = stderrLines(result);
    expect(lines).toHaveLength(1);
    // Named by address, the command starts no mDNS: the host keeps the name an earlier command learnt, or the address.
    expect(lines[0]).toMatch(new RegExp(`^(?:${escape(spare.name)}|${escape(addr(spare))}): \\S`));
    expect(result.stderr).not.toContain('not-the-password');
    const again = await fieldlink(['status', ref(spare)], { FIELDLINK_PASSWORD: 'not-the-password' });
    expect(again.code).toBe(1);
    expect(stderrLines(again)).toHaveLength(1);
    expect(stderrLines(again)[0]).toMatch(/does not try kairos on .* again before \d\d:\d\d UTC.*--retry-login/);
  });

  it('an unknown host is one line and exit 1', async () => {
    const result = await fieldlink(['status', 'no-such-host', '--wait', '1']);
    expectNoStack(result);
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toEqual([
      'no-such-host: no host with this name or id was found within 1 s. Check the name with `fieldlink hosts`, or give its address (ip:port).',
    ]);
  });

  it('status HOST --trust-new pins the certificate and shows the host', async () => {
    const result = await fieldlink(['status', '--trust-new', addr(leader)]);
    expectNoStack(result);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Name:\\s+${leader.name}`));
    expect(result.stdout).toMatch(/Access:\s+ok/);
    expect(result.stdout).toMatch(new RegExp(`Id:\\s+${leader.id}`));
  });

  it('token makes the host leader and prints the token with its seconds left, then reads it again', async () => {
    // No --trust-new: the certificate pinned by the previous run is kept in the state folder.
    for (const run of ['makes it leader', 'reads the fresh leader']) {
      const result = await fieldlink(['token', ref(leader)]);
      expectNoStack(result);
      expect(result.code, `${run}: ${result.stderr}`).toBe(0);
      const [token, countdown] = result.stdout.trim().split('\n');
      expect(token).toMatch(/^[A-Za-z0-9+/=_-]{8,}$/);
      expect(countdown).toMatch(new RegExp(`^${leader.name}: \\d+ s left of \\d+ s`));
      expect(await siteState(leader)).toMatchObject({ role: 'leader', generatingTokens: true });
    }
  });

  it('link links followers to the leader and reports each one', async () => {
    const result = await fieldlink(['link', '--trust-new', '--leader', addr(leader), addr(followerA), addr(followerB)]);
    expectNoStack(result);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(':')[0]).sort()).toEqual([followerA.name, followerB.name].sort());
    for (const follower of [followerA, followerB]) {
      expect(await siteState(follower)).toMatchObject({ role: 'follower', group: { leaderId: leader.id } });
    }
  });

  it('token still prints the token and seconds left on a leader with followers', async () => {
    const result = await fieldlink(['token', ref(leader)]);
    expectNoStack(result);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')[1]).toMatch(new RegExp(`^${leader.name}: \\d+ s left of \\d+ s`));
  });

  it('upload streams a bundle to the leader and follows its sync to both followers', async () => {
    const bundle = path.join(stateDir, 'content-cli.tar.zst');
    writeFileSync(bundle, Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(64 * 1024, 7)]));
    const result = await fieldlink(['upload', ref(leader), bundle], {}, 60_000);
    expectNoStack(result);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const follower of [followerA, followerB]) expect(result.stdout).toMatch(new RegExp(`^${follower.name}: content-cli\\.tar\\.zst synced from`, 'm'));
  });

  it('stop-token refuses while followers are linked', async () => {
    const result = await fieldlink(['stop-token', ref(leader)]);
    expectNoStack(result);
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toHaveLength(1);
    expect(stderrLines(result)[0]).toMatch(new RegExp(`^${leader.name}: `));
  });

  it('unlink works from the leader and on the follower itself', async () => {
    const fromLeader = await fieldlink(['unlink', '--json', '--from-leader', ref(followerA)]);
    expectNoStack(fromLeader);
    expect(fromLeader.code).toBe(0);
    expect((JSON.parse(fromLeader.stdout) as TaskView).state).toBe('succeeded');
    const onItself = await fieldlink(['unlink', ref(followerB)]);
    expectNoStack(onItself);
    expect(onItself.code, onItself.stderr).toBe(0);
    expect(onItself.stdout).toMatch(new RegExp(`^${followerB.name}: `));
    for (const follower of [followerA, followerB]) expect((await siteState(follower)).group).toBeNull();
  });

  if (profile === 'full') {
    it('stop-token ends leadership once the followers are gone', async () => {
      const result = await fieldlink(['stop-token', ref(leader)]);
      expectNoStack(result);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(await siteState(leader)).toMatchObject({ generatingTokens: false });
    });
  } else {
    it('stop-token exits non-zero in one line naming the Local UI, and claims nothing', async () => {
      const result = await fieldlink(['stop-token', ref(leader)]);
      expectNoStack(result);
      expect(result.code).toBe(1);
      expect(stderrLines(result)).toEqual([
        `${leader.name}: The API of ${leader.name} has no call to stop token generation, so Fieldlink cannot do it; stop it in the host's Local UI (Linked Edge Hosts, Stop token generation) at ${leader.url}`,
      ]);
      expect(await siteState(leader)).toMatchObject({ generatingTokens: true });
    });
  }

  it('a host that is down is one line and exit 1', async () => {
    await spare.down();
    const result = await fieldlink(['status', '--trust-new', `${spare.address}:${spare.port}`]);
    expectNoStack(result);
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toHaveLength(1);
    expect(stderrLines(result)[0]).toMatch(/^\S+: \S/);
  });
});

describe('fieldlink on slow hosts (spec profile, 3 s added to every request)', () => {
  let site: Site;

  beforeAll(async () => {
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'fieldlink-cli-slow-'));
    site = await startSite({ hosts: 3, profile: 'spec', linkStepMs: 100, faults: { latencyMs: 3_000 } });
  });

  afterAll(async () => {
    await site?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('link --leader A B C succeeds', async () => {
    const [a, b, c] = site.hosts.map((h) => `${h.address}:${h.port}`) as [string, string, string];
    const result = await fieldlink(['link', '--trust-new', '--leader', a, b, c], {}, 170_000);
    expectNoStack(result);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const follower of site.hosts.slice(1)) expect(await siteState(follower)).toMatchObject({ role: 'follower', group: { leaderId: site.hosts[0]!.id } });
  }, 180_000);
});
