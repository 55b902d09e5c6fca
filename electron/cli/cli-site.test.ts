// The `fieldlink` command end to end: spawned as a user would run it (node bin/fieldlink.mjs), with its own state
// folder, discovering a simulated site over mDNS on 127.0.0.1 and driving it over HTTPS. The steps build on each
// other (trust, leader, link, unlink, stop), like a technician's session.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostView, TaskView } from '../../shared/contract';
import { startSite, type Site, type SiteHost } from '../../simulator/site';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin', 'fieldlink.mjs');

let site: Site;
let stateDir: string;
let leader: SiteHost;
let followerA: SiteHost;
let followerB: SiteHost;
let spare: SiteHost;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function fieldlink(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args, '--mdns-interface', '127.0.0.1', '--state', stateDir],
      {
        cwd: root,
        timeout: 30_000,
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

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(os.tmpdir(), 'fieldlink-cli-'));
  site = await startSite({ hosts: 4, mdnsInterface: '127.0.0.1' });
  [leader, followerA, followerB, spare] = site.hosts as [SiteHost, SiteHost, SiteHost, SiteHost];
});

afterAll(async () => {
  await site?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('fieldlink against a simulated site', () => {
  it('hosts --json lists every simulated host found by mDNS', async () => {
    const result = await fieldlink(['hosts', '--json', '--wait', '2']);
    expectNoStack(result);
    expect(result.code).toBe(0);
    const hosts = JSON.parse(result.stdout) as HostView[];
    // Other suites may announce hosts on loopback too: look for ours by name. Before its certificate is trusted the
    // core cannot ask a host its agent id, so the id may still be a provisional one.
    for (const simulated of site.hosts) {
      const host = hosts.find((h) => h.name === simulated.name);
      expect(host, simulated.name).toMatchObject({ url: simulated.url, online: true });
      expect(host!.sources).toContain('mdns');
      for (const key of ['url', 'role', 'state']) expect(host).toHaveProperty(key);
    }
  });

  it('refuses a certificate seen for the first time without --trust-new, printing its fingerprint', async () => {
    const result = await fieldlink(['status', leader.name]);
    expectNoStack(result);
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toEqual([
      `${leader.name}: its certificate is new to this console (SHA-256 fingerprint ${leader.fingerprint}). Check it against the host, then run again with --trust-new.`,
    ]);
  });

  it('a wrong password is one line for the host and exit 1', async () => {
    const result = await fieldlink(['status', '--trust-new', spare.name], { FIELDLINK_PASSWORD: 'not-the-password' });
    expectNoStack(result);
    expect(result.code).toBe(1);
    const lines = stderrLines(result);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${spare.name}: \\S`));
    expect(result.stderr).not.toContain('not-the-password');
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
    const result = await fieldlink(['status', '--trust-new', leader.name]);
    expectNoStack(result);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Name:\\s+${leader.name}`));
    expect(result.stdout).toMatch(/Access:\s+ok/);
    expect(result.stdout).toMatch(new RegExp(`Id:\\s+${leader.id}`));
  });

  it('token makes the host leader and prints the token with its seconds left', async () => {
    // No --trust-new: the certificate pinned by the previous run is kept in the state folder.
    const result = await fieldlink(['token', leader.name]);
    expectNoStack(result);
    expect(result.code).toBe(0);
    const [token, countdown] = result.stdout.trim().split('\n');
    expect(token).toMatch(/^[A-Za-z0-9+/=_-]{8,}$/);
    expect(countdown).toMatch(new RegExp(`^${leader.name}: \\d+ s left of \\d+ s`));
    expect(await siteState(leader)).toMatchObject({ role: 'leader', generatingTokens: true });
  });

  it('link links followers to the leader and reports each one', async () => {
    const result = await fieldlink(['link', '--trust-new', '--leader', leader.name, followerA.name, followerB.name]);
    expectNoStack(result);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(':')[0]).sort()).toEqual([followerA.name, followerB.name].sort());
    for (const follower of [followerA, followerB]) {
      expect(await siteState(follower)).toMatchObject({ role: 'follower', group: { leaderId: leader.id } });
    }
  });

  it('stop-token refuses while followers are linked', async () => {
    const result = await fieldlink(['stop-token', leader.name]);
    expectNoStack(result);
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toHaveLength(1);
    expect(stderrLines(result)[0]).toMatch(new RegExp(`^${leader.name}: `));
  });

  it('unlink works from the leader and on the follower itself', async () => {
    const fromLeader = await fieldlink(['unlink', '--json', '--from-leader', followerA.name]);
    expectNoStack(fromLeader);
    expect(fromLeader.code).toBe(0);
    expect((JSON.parse(fromLeader.stdout) as TaskView).state).toBe('succeeded');
    const onItself = await fieldlink(['unlink', followerB.name]);
    expectNoStack(onItself);
    expect(onItself.code).toBe(0);
    expect(onItself.stdout).toMatch(new RegExp(`^${followerB.name}: `));
    for (const follower of [followerA, followerB]) expect((await siteState(follower)).group).toBeNull();
  });

  it('stop-token ends leadership once the followers are gone', async () => {
    const result = await fieldlink(['stop-token', leader.name]);
    expectNoStack(result);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await siteState(leader)).toMatchObject({ generatingTokens: false });
  });

  it('a host that is down is one line and exit 1', async () => {
    await spare.down();
    const result = await fieldlink(['status', '--trust-new', `${spare.address}:${spare.port}`]);
    expectNoStack(result);
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toHaveLength(1);
    expect(stderrLines(result)[0]).toMatch(/^\S+: \S/);
  });
});
