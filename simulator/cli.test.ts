// `npm run site` as scripts use it: its stdout lines, its flags, its exit codes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import got from 'got';
import { paths } from '../shared/local-api/types';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'simulator/cli.ts');

interface HostLine {
  id: string;
  name: string;
  url: string;
  port: number;
  fingerprint: string;
  admin: string;
}

/** The SHA-256 fingerprint of the certificate a host presents in a bare TLS handshake. */
function presentedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.once('error', reject);
  });
}

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function linesOf(r: Run, count: number, timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const lines = r.stdout().split('\n').filter(Boolean);
    if (lines.length >= count) return lines;
    if (r.child.exitCode !== null) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`no ${count} lines from the CLI; stdout: ${r.stdout()} stderr: ${r.stderr()}`);
}

describe('npm run site (simulator/cli.ts)', () => {
  let dir: string;
  const running: Run[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-cli-'));
  });
  afterAll(async () => {
    for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('prints one JSON line per host and nothing else, serves them, and exits 0 on SIGTERM', async () => {
    const siteFile = path.join(dir, 'site.json');
    await writeFile(siteFile, JSON.stringify({ hosts: [{ name: 'north' }, { name: 'south', mode: 'agent', os: { family: 'ubuntu', version: '24.04' } }] }));
    const r = run([
      '--hosts',
      '3',
      '--port',
      '0',
      '--site',
      siteFile,
      '--user',
      'tech',
      '--password',
      'pw',
      '--data',
      path.join(dir, 'data'),
      '--token-interval',
      '30',
    ]);
    running.push(r);
    const lines = await linesOf(r, 3);
    const hosts = lines.map((l) => JSON.parse(l) as HostLine);
    expect(hosts.map((h) => Object.keys(h))).toEqual(Array(3).fill(['id', 'name', 'url', 'port', 'fingerprint', 'admin']));
    expect(hosts.map((h) => h.name).slice(0, 2)).toEqual(['north', 'south']);
    for (const h of hosts) {
      expect(h.url).toBe(`https://127.0.0.1:${h.port}`);
      expect(h.id).toMatch(/^edge-[0-9a-f]{32}$/);
      // The form the console shows (upper-case hex pairs joined by colons), and the certificate the host presents.
      expect(h.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(await presentedFingerprint(h.port)).toBe(h.fingerprint);
    }
    const insecure = { https: { rejectUnauthorized: false } };
    expect(await got(`${hosts[0]!.url}${paths.ping}`, insecure).json()).toEqual({ msg: 'pong' });
    const login = await got.post(`${hosts[1]!.url}${paths.login}`, { ...insecure, json: { username: 'tech', password: 'pw' } }).json();
    expect(login).toMatchObject({ IsFirstLogin: false, Token: { Authorization: expect.any(String) } });
    const state = (await got(`${hosts[1]!.admin}/state`).json()) as { name: string; up: boolean };
    expect(state).toMatchObject({ name: 'south', up: true });

    r.child.kill('SIGTERM');
    expect(await r.exit).toBe(0);
    expect(r.stdout().split('\n').filter(Boolean)).toHaveLength(3);
    expect(r.stderr()).toMatch(/SIGTERM: stopping every host/);
  });

  it('starts a spec-only site with added latency: no session-less ping, no extension, 400 on a wrong password', async () => {
    const r = run(['--hosts', '2', '--profile', 'spec', '--unlink-peer-id', 'leader', '--latency', '50', '--data', path.join(dir, 'spec-data')]);
    running.push(r);
    const hosts = (await linesOf(r, 2)).map((l) => JSON.parse(l) as HostLine);
    expect(r.stderr()).toMatch(/spec profile/);
    const host = hosts[0]!;
    const call = (method: 'GET' | 'POST' | 'DELETE', urlPath: string, json?: unknown) =>
      got(`${host.url}${urlPath}`, { method, https: { rejectUnauthorized: false }, throwHttpErrors: false, ...(json ? { json } : {}) });
    expect((await call('GET', paths.ping)).statusCode).toBe(401);
    const wrong = await call('POST', paths.login, { username: 'kairos', password: 'nope' });
    expect(wrong.statusCode).toBe(400);
    expect(JSON.parse(wrong.body)).toMatchObject({ code: 'BadRequest', message: expect.stringMatching(/password/) });
    expect((await call('GET', paths.linkToken)).statusCode).toBe(404);
    expect((await call('DELETE', paths.linkToken)).statusCode).toBe(404);
    const state = (await got(`${host.admin}/state`).json()) as { profile: string; faults: { latencyMs: number } };
    expect(state).toMatchObject({ profile: 'spec', faults: { latencyMs: 50 } });
    r.child.kill('SIGTERM');
    expect(await r.exit).toBe(0);
  });

  it('prints usage and exits 2 on a bad flag', async () => {
    const r = run(['--hosts', '2', '--colour', 'blue']);
    expect(await r.exit).toBe(2);
    expect(r.stdout()).toBe('');
    expect(r.stderr()).toMatch(/usage: npm run site -- --hosts N/);
    // Our words, not Node's suggestion with its unbalanced quote.
    expect(r.stderr().split('\n')[0]).toBe('Unknown option --colour.');
    const bad = run(['--hosts', 'many']);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toMatch(/--hosts must be an integer/);
    const profile = run(['--hosts', '1', '--profile', 'real']);
    expect(await profile.exit).toBe(2);
    expect(profile.stderr()).toMatch(/--profile must be one of full, spec, got "real"/);
  });

  it('explains what is wrong with a bad site file', async () => {
    const notJson = path.join(dir, 'broken.json');
    await writeFile(notJson, '{ hosts: ');
    const r1 = run(['--site', notJson]);
    expect(await r1.exit).toBe(2);
    expect(r1.stderr()).toMatch(/is not valid JSON/);

    const wrong = path.join(dir, 'wrong.json');
    await writeFile(wrong, JSON.stringify([{ name: 'ok' }, { name: 'bad name!', mode: 'kiosk' }]));
    const r2 = run(['--site', wrong]);
    expect(await r2.exit).toBe(2);
    expect(r2.stderr()).toMatch(/not a valid site description/);
    expect(r2.stderr()).toMatch(/hosts\[1\]\.mode/);
    expect(r2.stderr()).toMatch(/hosts\[1\]\.name/);
    expect(r2.stdout()).toBe('');
  });
});
