// The CLI in-process against a fake core: flags, exit codes, stderr lines and the trust rules, fast and without a
// network. The end-to-end run against simulated hosts is in cli.e2e.test.ts.
import { describe, expect, it } from 'vitest';
import type { HostView, TaskHostResult, TaskView } from '../../shared/contract';
import { ConsoleError } from '../../shared/errors';
import { createFakeCore, fakeHost, type FakeCore, type FakeHandlers } from '../test-kit/bridge/fake-core';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runCli } from './program';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  core: FakeCore;
}

function task(id: string, kind: TaskView['kind'], hosts: TaskHostResult[], state: TaskView['state']): TaskView {
  return {
    id,
    kind,
    title: `${kind} task`,
    state,
    phase: null,
    progress: { done: hosts.length, total: hosts.length, unit: 'hosts' },
    bytesPerSec: null,
    etaSec: null,
    hosts,
    error: null,
    startedAt: new Date(0).toISOString(),
    endedAt: state === 'running' ? null : new Date(0).toISOString(),
    cancellable: false,
    retryable: false,
    retryOf: null,
  };
}

/** A fake site: hosts by id, and tasks that end (with `results`) shortly after they start. */
function site(hosts: HostView[], extra: FakeHandlers = {}, results: Record<string, TaskHostResult['state']> = {}) {
  const byRef = (ref: string) => hosts.find((h) => h.id === ref || h.name === ref || `${h.address}:${h.port}` === ref);
  let n = 0;
  const startTask = (kind: TaskView['kind'], ids: string[]) => {
    const id = `task-${++n}`;
    const hostResults = ids.map<TaskHostResult>((hostId) => ({
      hostId,
      name: byRef(hostId)?.name ?? hostId,
      state: results[hostId] ?? 'succeeded',
      message: results[hostId] && results[hostId] !== 'succeeded' ? 'the host said no.' : 'linked.',
      detail: null,
    }));
    const failed = hostResults.filter((h) => h.state !== 'succeeded').length;
    const final = failed === 0 ? 'succeeded' : failed === hostResults.length ? 'failed' : 'partial';
    setTimeout(() => core.emit('tasks.changed', task(id, kind, hostResults, 'running')), 5);
    setTimeout(() => core.emit('tasks.ended', task(id, kind, hostResults, final)), 15);
    return { taskId: id };
  };
  const core: FakeCore = createFakeCore({
    'hosts.list': async () => hosts,
    'hosts.get': async ({ host }) => {
      const found = byRef(host);
      if (!found) throw new ConsoleError('not-found', `No host "${host}" is known.`);
      return found;
    },
    'hosts.refresh': async ({ hostId }) => byRef(hostId)!,
    'hosts.add': async ({ address }) => {
      const added = { ...fakeHost(`edge-added-${hosts.length}`, `added-${hosts.length}`), address: address.split(':')[0], port: 5080 };
      hosts.push(added);
      return added;
    },
    'credentials.setSite': async () => ({ siteSet: true, siteUser: 'kairos', hostOverrides: [] }),
    'link.followers': async ({ leaderId, followerIds }) => startTask('link', [leaderId, ...followerIds].slice(1)),
    'link.unlink': async ({ hostId }) => startTask('unlink', [hostId]),
    'link.stopToken': async ({ hostId }) => startTask('stop-token', [hostId]),
    'link.makeLeader': async ({ hostId }) => {
      const host = byRef(hostId)!;
      host.role = 'leader';
      return startTask('make-leader', [hostId]);
    },
    'link.token': async ({ hostId }) => {
      if (byRef(hostId)?.role !== 'leader') throw new ConsoleError('conflict', 'This host is not generating tokens.');
      return { token: 'dG9rZW4=', remainingSec: 97, intervalSec: 120, leaderAddress: '127.0.0.1:5080' };
    },
    'tasks.list': async () => [],
    ...extra,
  });
  return core;
}

async function cli(args: string[], core: FakeCore): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'fieldlink', ...args], {
    openCore: async () => core,
    out: { line: (text = '') => (stdout += `${text}\n`), json: (value) => (stdout += `${JSON.stringify(value)}\n`) },
    writeErr: (text) => (stderr += text),
    progress: { show: () => {} },
    findTimeoutMs: 300,
    readyTimeoutMs: 1000,
  });
  return { code, stdout, stderr, core };
}

const alpha = () => fakeHost('edge-a', 'alpha');
const beta = () => fakeHost('edge-b', 'beta');
const gamma = () => fakeHost('edge-c', 'gamma');

describe('fieldlink CLI (in process)', () => {
  it('prints its usage with every command and common option, exit 0', async () => {
    const run = await cli(['--help'], site([]));
    expect(run.code).toBe(EXIT_OK);
    for (const word of [
      'hosts',
      'status',
      'token',
      'link',
      'unlink',
      'stop-token',
      'upload',
      '--user',
      '--password',
      '--trust-new',
      '--state',
      '--mdns-interface',
      '--json',
    ]) {
      expect(run.stdout).toContain(word);
    }
  });

  it('answers a usage error with exit 2', async () => {
    const run = await cli(['link', 'beta'], site([]));
    expect(run.code).toBe(EXIT_USAGE);
    expect(run.stderr).toMatch(/--leader/);
  });

  it('hosts --json prints the host views', async () => {
    const run = await cli(['hosts', '--wait', '0', '--json'], site([beta(), alpha()]));
    expect(run.code).toBe(EXIT_OK);
    const hosts = JSON.parse(run.stdout) as HostView[];
    expect(hosts.map((h) => h.name)).toEqual(['alpha', 'beta']);
    for (const key of ['id', 'name', 'url', 'sources', 'online', 'role', 'state']) expect(hosts[0]).toHaveProperty(key);
  });

  it('hosts --add adds each address through the contract and reports a bad one', async () => {
    const core = site([alpha()], {
      'hosts.add': async ({ address }) => {
        throw new ConsoleError('unreachable', `Nothing answers at ${address}.`);
      },
    });
    const run = await cli(['hosts', '--wait', '0', '--add', '10.1.1.1:5080'], core);
    expect(run.code).toBe(EXIT_FAILED);
    expect(run.stderr).toBe('10.1.1.1:5080: Nothing answers at 10.1.1.1:5080.\n');
    expect(run.stdout).toMatch(/alpha/);
  });

  it('status HOST prints the host, with control characters stripped from host text', async () => {
    const host = { ...alpha(), state: 'Ready\u001b[2J', os: 'ubuntu' };
    const run = await cli(['status', 'alpha'], site([host]));
    expect(run.code).toBe(EXIT_OK);
    expect(run.stdout).toMatch(/Name:\s+alpha/);
    expect(run.stdout).toMatch(/State:\s+Ready \[2J/);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.core.calls.get('hosts.refresh')).toEqual([{ hostId: 'edge-a' }]);
  });

  it('status of a host met for the first time prints its whole fingerprint to compare', async () => {
    const fingerprint = Array.from({ length: 32 }, (_, i) => (i * 7 + 16).toString(16).toUpperCase().padStart(2, '0')).join(':');
    const accessMessage = `Fieldlink has not met alpha (192.0.2.1:5080) before. Compare its certificate fingerprint ${fingerprint} with the one on the host's console, then trust it.`;
    const host = { ...alpha(), access: 'needs-trust' as const, accessMessage, offeredFingerprint: fingerprint };
    const run = await cli(['status', 'alpha'], site([host]));
    expect(run.stdout).toContain(`Compare its certificate fingerprint ${fingerprint} with the one`);
    expect(run.stdout).not.toContain('…');
  });

  it('adds an address it does not know yet', async () => {
    const run = await cli(['status', '--json', '192.0.2.10:5080'], site([alpha()]));
    expect(run.code).toBe(EXIT_OK);
    expect(run.core.calls.get('hosts.add')).toEqual([{ address: '192.0.2.10:5080' }]);
  });

  it('an unknown host name fails with one line and exit 1', async () => {
    const run = await cli(['status', 'ghost'], site([alpha()]));
    expect(run.code).toBe(EXIT_FAILED);
    expect(run.stderr).toMatch(/^ghost: no host with this name or id was found within 0 s\..*\n$/);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('a new certificate fails without --trust-new, printing the fingerprint to check', async () => {
    const host = { ...alpha(), access: 'needs-trust' as const, offeredFingerprint: 'AA:BB:CC:DD:EE:FF:00:11' };
    const run = await cli(['status', 'alpha'], site([host]));
    expect(run.code).toBe(EXIT_FAILED);
    expect(run.stderr).toContain('alpha: its certificate is new to this console (SHA-256 fingerprint AA:BB:CC:DD:EE:FF:00:11)');
    expect(run.stderr).toContain('--trust-new');
    expect(run.core.calls.get('certificates.trust')).toBeUndefined();
  });

  it('--trust-new trusts the offered fingerprint of a new certificate', async () => {
    const host = { ...alpha(), access: 'needs-trust' as const, offeredFingerprint: 'AA:BB:CC:DD:EE:FF:00:11' };
    const core = site([host], {
      'certificates.trust': async ({ fingerprint }) => Object.assign(host, { access: 'ok', fingerprint, offeredFingerprint: null }),
    });
    const run = await cli(['status', '--trust-new', 'alpha'], core);
    expect(run.code).toBe(EXIT_OK);
    expect(core.calls.get('certificates.trust')).toEqual([{ hostId: 'edge-a', fingerprint: 'AA:BB:CC:DD:EE:FF:00:11' }]);
  });

  it('never trusts a changed certificate, even with --trust-new', async () => {
    const host = {
      ...alpha(),
      access: 'certificate-changed' as const,
      accessMessage: 'Its certificate changed.',
      offeredFingerprint: '12:34:56:78:9A:BC:DE:F0',
    };
    const core = site([host]);
    const run = await cli(['status', '--trust-new', 'alpha'], core);
    expect(run.code).toBe(EXIT_FAILED);
    expect(run.stderr).toMatch(/^alpha: Its certificate changed\. New fingerprint: 12:34:56:78:9A:BC:DE:F0\./);
    expect(core.calls.get('certificates.trust')).toBeUndefined();
  });

  it('a refused password is one line for the host', async () => {
    const host = { ...alpha(), access: 'auth-failed' as const, accessMessage: 'The user name or password was refused.' };
    const run = await cli(['--user', 'kairos', '--password', 'wrong', 'status', 'alpha'], site([host]));
    expect(run.code).toBe(EXIT_FAILED);
    expect(run.stderr).toBe('alpha: The user name or password was refused.\n');
    expect(run.core.calls.get('credentials.setSite')).toEqual([{ username: 'kairos', password: 'wrong' }]);
  });

  it('link prints each follower and exits 0 when all linked', async () => {
    const run = await cli(['link', '--leader', 'alpha', 'beta', 'gamma'], site([alpha(), beta(), gamma()]));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(EXIT_OK);
    expect(run.stdout).toBe('beta: linked.\ngamma: linked.\n');
    expect(run.core.calls.get('link.followers')).toEqual([{ leaderId: 'edge-a', followerIds: ['edge-b', 'edge-c'] }]);
  });

  it('link reports each failed follower on stderr and exits 1', async () => {
    const run = await cli(['link', '--leader', 'alpha', 'beta', 'gamma', 'ghost'], site([alpha(), beta(), gamma()], {}, { 'edge-c': 'refused' }));
    expect(run.code).toBe(EXIT_FAILED);
    expect(run.stdout).toBe('beta: linked.\n');
    expect(run.stderr.split('\n').filter(Boolean).sort()).toEqual([
      'gamma: the host said no.',
      expect.stringMatching(/^ghost: no host with this name or id was found/),
    ]);
  });

  it('token makes a host leader when needed, then prints the token and its seconds left', async () => {
    const run = await cli(['token', 'alpha'], site([alpha()]));
    expect(run.code).toBe(EXIT_OK);
    expect(run.stdout).toBe('dG9rZW4=\nalpha: 97 s left of 120 s (leader 127.0.0.1:5080)\n');
    expect(run.core.calls.get('link.makeLeader')).toEqual([{ hostId: 'edge-a' }]);
  });

  it('token of a leader does not make it leader again', async () => {
    const leader = { ...alpha(), role: 'leader' as const };
    const run = await cli(['token', '--json', 'alpha'], site([leader]));
    expect(run.code).toBe(EXIT_OK);
    expect(JSON.parse(run.stdout)).toMatchObject({ hostId: 'edge-a', token: 'dG9rZW4=', remainingSec: 97 });
    expect(run.core.calls.get('link.makeLeader')).toBeUndefined();
  });

  it('unlink and stop-token follow their task to the end', async () => {
    const unlink = await cli(['unlink', '--from-leader', 'beta'], site([alpha(), beta()]));
    expect(unlink.code).toBe(EXIT_OK);
    expect(unlink.core.calls.get('link.unlink')).toEqual([{ hostId: 'edge-b', fromLeader: true }]);
    const stop = await cli(['stop-token', 'alpha'], site([alpha()], {}, { 'edge-a': 'failed' }));
    expect(stop.code).toBe(EXIT_FAILED);
    expect(stop.stderr).toBe('alpha: the host said no.\n');
  });

  it('hides unexpected core errors behind a safe line, never a stack trace', async () => {
    const core = site([alpha()], {
      'hosts.refresh': async () => {
        throw new TypeError('secret internals at Object.<anonymous> (/src/core.ts:1:1)');
      },
    });
    const run = await cli(['status', 'alpha'], core);
    expect(run.code).toBe(EXIT_FAILED);
    expect(run.stderr).toBe('alpha: Fieldlink hit an unexpected problem. Try again; if it keeps happening, restart Fieldlink and report it.\n');
  });

  it('reports a core that cannot start as one line', async () => {
    let stderr = '';
    const code = await runCli(['node', 'fieldlink', 'hosts'], {
      openCore: async () => {
        throw new ConsoleError('internal', 'The state folder /nope cannot be written.');
      },
      out: { line: () => {}, json: () => {} },
      writeErr: (text) => (stderr += text),
    });
    expect(code).toBe(EXIT_FAILED);
    expect(stderr).toBe('fieldlink: The state folder /nope cannot be written.\n');
  });
});
