// Scale claims in the README need numbers anyone can rerun: this measures start-up, memory, linking and heartbeat cost.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import got from 'got';
import { paths, type V1LinkStatus, type V1LoginSuccess, type V1LinkToken } from '../../shared/local-api/types';
import { forEachLimited } from '../host/concurrency';
import { startSite, type Site } from '../site';

/**
 * `npm run bench:site`: start-up time and memory of a site of 10 and of 100 hosts, on first start (certificates
 * generated) and on a restart from the same data, each measured in a fresh process; for 100 hosts also the time to
 * link 99 followers to one leader and the CPU the leader's heartbeats then cost. Prints one JSON document.
 */
const SELF = fileURLToPath(import.meta.url);
const MiB = 1024 * 1024;
const insecure = { https: { rejectUnauthorized: false }, retry: { limit: 0 }, timeout: { request: 30_000 } } as const;

interface Measurement {
  hosts: number;
  startMs: number;
  rssMiB: number;
  heapUsedMiB: number;
  pingAllMs: number;
  stopMs: number;
  linkAllMs?: number;
  idleCpuPercentWhileLinked?: number;
}

async function measure(hosts: number, dataDir: string, withLinking: boolean): Promise<Measurement> {
  const started = performance.now();
  const site = await startSite({ hosts, dataDir, mdnsInterface: '127.0.0.1' });
  const startMs = performance.now() - started;
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();

  const pingStarted = performance.now();
  await forEachLimited(site.hosts, 20, async (h) => void (await got(`${h.url}${paths.ping}`, insecure)));
  const pingAllMs = performance.now() - pingStarted;

  const result: Measurement = {
    hosts,
    startMs: Math.round(startMs),
    rssMiB: round(memory.rss / MiB),
    heapUsedMiB: round(memory.heapUsed / MiB),
    pingAllMs: Math.round(pingAllMs),
    stopMs: 0,
  };
  if (withLinking) Object.assign(result, await linkEveryoneToTheFirst(site));

  const stopStarted = performance.now();
  await site.stop();
  result.stopMs = Math.round(performance.now() - stopStarted);
  return result;
}

async function linkEveryoneToTheFirst(site: Site): Promise<Pick<Measurement, 'linkAllMs' | 'idleCpuPercentWhileLinked'>> {
  const tokens = new Map<string, string>();
  await forEachLimited(site.hosts, 20, async (h) => {
    const res = await got.post(`${h.url}${paths.login}`, { ...insecure, json: { username: 'kairos', password: 'kairos' } }).json<V1LoginSuccess>();
    tokens.set(h.id, res.Token?.Authorization ?? '');
  });
  const call = <T>(host: Site['hosts'][number], method: 'GET' | 'POST', url: string, json?: unknown) =>
    got(`${host.url}${url}`, { ...insecure, method, headers: { authorization: tokens.get(host.id) ?? '' }, ...(json ? { json } : {}) }).json<T>();

  const [leader, ...followers] = site.hosts;
  if (!leader) return {};
  const started = performance.now();
  const { token } = await call<V1LinkToken>(leader, 'POST', paths.generateToken);
  await forEachLimited(followers, 20, async (f) => void (await call(f, 'POST', paths.link, { token })));
  for (;;) {
    // A poll that fails is simply tried again on the next turn of this loop.
    const status = await call<V1LinkStatus>(leader, 'GET', paths.linkStatus).catch(() => null);
    if (status?.peers?.length === followers.length) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const linkAllMs = Math.round(performance.now() - started);

  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await new Promise((r) => setTimeout(r, 10_000));
  const cpu = process.cpuUsage(cpuBefore);
  const idleCpuPercentWhileLinked = round(((cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore)) * 100);
  return { linkAllMs, idleCpuPercentWhileLinked };
}

function inChild(args: string[]): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', SELF, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Measurement) : reject(new Error(`bench child exited ${code}`))));
  });
}

async function main(): Promise<void> {
  const [mode, hosts, dataDir, linking] = process.argv.slice(2);
  if (mode === '--measure' && hosts && dataDir) {
    process.stdout.write(JSON.stringify(await measure(Number(hosts), dataDir, linking === 'link')));
    return;
  }
  const results = [];
  for (const count of [10, 100]) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), `fieldlink-bench-${count}-`));
    try {
      const firstStart = await inChild(['--measure', String(count), dataDir]);
      const restart = await inChild(['--measure', String(count), dataDir, count === 100 ? 'link' : '']);
      results.push({ hosts: count, firstStart, restart });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}` };
  process.stdout.write(`${JSON.stringify({ machine, results }, null, 2)}\n`);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
