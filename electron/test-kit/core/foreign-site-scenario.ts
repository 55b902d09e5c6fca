// The audit of issue 12 as a reusable scenario: a foreign site announces its hosts over mDNS on loopback, with the
// same user and password as ours, while the technician runs `fieldlink link --leader A B --trust-new` naming two
// hosts of their own site by address. What came of it is read from the state folder (certificates.json) and from
// every host view the core published during the run. Used by scoped-trust.int.test.ts and scripts/bench-trust.ts.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HostView } from '../../../shared/contract';
import { runCli, type CoreRequest } from '../../cli/program';
import type { CoreLike } from '../../cli/session';
import { createConsoleCore, MemoryVault } from '../../core/index';
import { startTestSite, SIM_PASSWORD, SIM_USER, type Site } from './sim';
import { waitFor } from './wait';

export interface ForeignSiteResult {
  exitCode: number;
  stderr: string;
  /** Endpoints (address:port) of our named hosts and of the foreign site's hosts. */
  named: string[];
  foreign: string[];
  /** How many foreign hosts the core had discovered before the command acted. */
  foreignSeen: number;
  /** Endpoints pinned in certificates.json after the run. */
  pinned: string[];
  /** Foreign hosts the core ever showed logged in, refused or locked out (any of those means a login was tried). */
  foreignLoginTried: string[];
  /** The leader's followers as the named leader reports them after the run. */
  linked: boolean;
  ms: number;
}

const LOGIN_TRIED = new Set(['ok', 'auth-failed', 'locked-out']);

/**
 * Runs the scenario once; `trustPeers` adds --trust-peers. `trustEverything` reproduces the behaviour before the
 * fix (the core trusting every first-seen certificate), to show the scenario catches it. Cleans up after itself.
 */
export async function runForeignSiteScenario(opts: { trustPeers?: boolean; trustEverything?: boolean } = {}): Promise<ForeignSiteResult> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-scoped-trust-'));
  let ours: Site | null = null;
  let foreign: Site | null = null;
  try {
    ours = await startTestSite({ hosts: 2 });
    foreign = await startTestSite({ hosts: 3, mdnsInterface: '127.0.0.1' });
    const [a, b] = ours.hosts as [Site['hosts'][number], Site['hosts'][number]];
    const foreignEndpoints = foreign.hosts.map((h) => `${h.address}:${h.port}`);
    const views = new Map<string, HostView>();
    let foreignSeen = 0;
    let stderr = '';
    const openCore = async (request: CoreRequest): Promise<CoreLike> => {
      const core = await createConsoleCore({
        stateDir: request.stateDir,
        vault: new MemoryVault(),
        bridge: 'cli',
        mdnsInterfaces: ['127.0.0.1'],
        mdnsRequeryMs: 1_000,
        timing: { beatMs: 500 },
        // Exactly what the CLI's own openCliCore passes.
        trustNew: opts.trustEverything ? true : request.trustNew ? { hosts: request.named, peers: request.trustPeers } : false,
        version: request.version,
      });
      core.on('hosts.changed', ({ upserted }) => {
        for (const v of upserted) views.set(`${v.address}:${v.port}`, v);
      });
      // The foreign hosts must be on the list before the command acts, as in the audit.
      await waitFor(
        async () => {
          const list = await core.handlers['hosts.list']({});
          foreignSeen = list.filter((v) => foreignEndpoints.includes(`${v.address}:${v.port}`)).length;
          return foreignSeen === foreignEndpoints.length;
        },
        { timeoutMs: 15_000, what: 'the foreign site announced over mDNS' },
      ).catch(() => undefined);
      return core;
    };
    const started = Date.now();
    const argv = ['node', 'fieldlink', '--user', SIM_USER, '--password', SIM_PASSWORD, '--state', stateDir, '--trust-new'];
    if (opts.trustPeers) argv.push('--trust-peers');
    argv.push('link', '--leader', a.url, b.url, '--wait', '20');
    const exitCode = await runCli(argv, {
      openCore,
      out: { line: () => undefined, json: () => undefined },
      writeErr: (text) => (stderr += text),
      progress: { show: () => undefined },
    });
    const ms = Date.now() - started;
    const pins = JSON.parse(await readFile(path.join(stateDir, 'certificates.json'), 'utf8').catch(() => '{"pins":[]}')) as {
      pins: { endpoint: string | null }[];
    };
    const leaderState = (await (await fetch(`${a.admin}/state`)).json()) as { role?: string };
    return {
      exitCode,
      stderr,
      named: [a, b].map((h) => `${h.address}:${h.port}`),
      foreign: foreignEndpoints,
      foreignSeen,
      pinned: pins.pins.map((p) => p.endpoint).filter((e): e is string => e !== null),
      foreignLoginTried: foreignEndpoints.filter((ep) => LOGIN_TRIED.has(views.get(ep)?.access ?? '')),
      linked: leaderState.role === 'leader',
      ms,
    };
  } finally {
    await foreign?.stop();
    await ours?.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}
