// plan, apply, export-plan, report and log through the CLI's own run (in this process, the real core) against a
// simulated site of six hosts named by address: exit codes, --json shapes, and the lines a bad plan prints.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionLogEntry, PlanAction, PlanBlocked } from '../../shared/contract';
import { SIM_PASSWORD, SIM_USER, startTestSite, type Site } from '../test-kit/core/sim';
import { makeFile } from '../test-kit/uploads';
import { printText } from './commands/report';
import { openCliCore } from './open-core';
import { EXIT_FAILED, EXIT_OK, runCli } from './program';

let site: Site;
let dir: string;
let stateDir: string;
let planFile: string;

const addr = (i: number) => `127.0.0.1:${site.hosts[i]!.port}`;

async function fieldlink(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'fieldlink', '--state', stateDir, '--user', SIM_USER, '--password', SIM_PASSWORD, ...args], {
    openCore: (request) => openCliCore({ ...request, mdnsInterfaces: ['127.0.0.1'] }),
    out: { line: (text = '') => void (stdout += `${text}\n`), json: (value) => void (stdout += `${JSON.stringify(value)}\n`) },
    writeErr: (text) => void (stderr += text),
    progress: { show() {} },
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-cli-plans-'));
  stateDir = path.join(dir, 'state');
  await mkdir(path.join(dir, 'bundles'));
  await makeFile(path.join(dir, 'bundles'), 'apps.tar.zst', 512 * 1024);
  site = await startTestSite({ hosts: 6 });
  planFile = path.join(dir, 'site.yaml');
  await writeFile(
    planFile,
    `version: 1\nsite: Store 42\ngroups:\n  - leader: "${addr(0)}"\n    followers: ["${addr(1)}", "${addr(2)}", "${addr(3)}", "${addr(4)}"]\n    content: [bundles/apps.tar.zst]\n`,
  );
});

afterAll(async () => {
  await site?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('fieldlink plan / apply / export-plan / report / log', () => {
  it('plan without --trust-new: every host blocked as not trusted, exit 1, nothing sent', async () => {
    const result = await fieldlink('--json', 'plan', planFile, '--wait', '1');
    expect(result.code).toBe(EXIT_FAILED);
    const out = JSON.parse(result.stdout) as { actions: PlanAction[]; blocked: PlanBlocked[] };
    expect(out.actions).toEqual([]);
    expect(out.blocked).toHaveLength(5);
    expect(result.stderr).toMatch(/blocked \(plan line 4\): .*certificate has not been trusted/);
  });

  it('plan --trust-new --json prints { actions, blocked } and exits 0', async () => {
    const result = await fieldlink('--json', '--trust-new', 'plan', planFile);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_OK);
    const out = JSON.parse(result.stdout) as { actions: PlanAction[]; blocked: PlanBlocked[] };
    expect(Object.keys(out)).toEqual(['actions', 'blocked']);
    expect(out.actions.map((a) => a.kind)).toEqual(['make-leader', 'link', 'link', 'link', 'link', 'upload']);
    expect(out.blocked).toEqual([]);
  });

  it('apply makes the site match (exit 0), then plan --json lists "actions": []', async () => {
    const applied = await fieldlink('apply', planFile);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(EXIT_OK);
    expect(applied.stdout).toMatch(/^The site matches the plan \(3 tasks ran\)\.$/m);
    const again = await fieldlink('--json', 'plan', planFile);
    expect(again.code).toBe(EXIT_OK);
    expect(JSON.parse(again.stdout)).toEqual({ actions: [], blocked: [] });
    const second = await fieldlink('apply', planFile);
    expect(second.code).toBe(EXIT_OK);
    expect(second.stdout).toMatch(/already matched the plan: nothing was done/);
  });

  it('a bad plan prints FILE:LINE: message and exits 1, applying nothing', async () => {
    const bad = path.join(dir, 'bad.yaml');
    await writeFile(bad, `version: 1\ngroups:\n  - leader: "${addr(5)}"\n    followers: ["${addr(5)}"]\n`);
    const result = await fieldlink('apply', bad);
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.stderr).toMatch(/bad\.yaml:4: .* is a follower here and a leader on line 3/);
    const state = (await (await fetch(`${site.hosts[5]!.admin}/state`)).json()) as { role: string };
    expect(state.role).toBe('standalone');
  });

  it('export-plan --out --name writes the live site as a plan', async () => {
    const out = path.join(dir, 'exported.yaml');
    const result = await fieldlink('export-plan', '--out', out, '--name', 'Store 42');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_OK);
    const text = await readFile(out, 'utf8');
    expect(text).toMatch(/^version: 1$/m);
    expect(text).toMatch(/^site: "Store 42"$/m);
    expect(text.match(/^ {6}- /gm), text).toHaveLength(4);
  });

  it('report --out writes the file itself (the core only answers the text) and says where', async () => {
    const out = path.join(dir, 'reports', 'store42.html');
    const result = await fieldlink('report', '--out', out, '--technician', 'A. Tech');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toBe(`Report written to ${out}\n`);
    const html = await readFile(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    for (const h of site.hosts.slice(0, 5)) expect(html).toContain(h.id);
    // Written whole through a temporary file beside it, which is gone.
    expect(await readdir(path.dirname(out))).toEqual(['store42.html']);
    const blocked = await fieldlink('report', '--out', path.join(planFile, 'inside-a-file.html'));
    expect(blocked.code).toBe(EXIT_FAILED);
    expect(blocked.stderr).toMatch(/The report could not be written to .*inside-a-file\.html \(E[A-Z]+\)\. Check that the folder exists/);
  });

  it('prints exported text line by line without control or bidi characters from hosts', () => {
    const lines: string[] = [];
    const hostile = 'edge-a,"apps.tar.zst\u001b[2J\u001b]0;title\u0007",\u202eexe.zst\r\nnext,\u2066row\u2069\r\n';
    printText({ line: (text = '') => void lines.push(text), json: () => undefined }, hostile);
    expect(lines).toEqual(['edge-a,"apps.tar.zst [2J ]0;title ", exe.zst', 'next, row ']);
  });

  it('report --format json and csv, and log --json', async () => {
    const json = await fieldlink('report', '--format', 'json', '--technician', 'A. Tech');
    expect(json.code).toBe(EXIT_OK);
    const report = JSON.parse(json.stdout) as { technician: string; hosts: { id: string; fingerprint: string }[]; bundles: { sha256: string }[] };
    expect(report.technician).toBe('A. Tech');
    for (const h of site.hosts.slice(0, 5)) expect(report.hosts.find((x) => x.id === h.id)?.fingerprint).toBe(h.fingerprint);
    expect(report.bundles).toHaveLength(1);
    const csv = await fieldlink('report', '--format', 'csv');
    expect(csv.stdout.split('\n')[0]).toMatch(/^report,site,generated/);
    const log = await fieldlink('--json', 'log');
    expect(log.code).toBe(EXIT_OK);
    const entries = JSON.parse(log.stdout) as ActionLogEntry[];
    expect(
      entries.map((e) => e.action),
      JSON.stringify(entries),
    ).toEqual(['make-leader', 'link', 'upload', 'apply-plan', 'apply-plan']);
    expect(entries.every((e) => e.result === 'succeeded')).toBe(true);
    const text = await fieldlink('log');
    expect(text.stdout.split('\n')[0]).toMatch(/^TIME\s+ACTION\s+RESULT/);
  });
});
