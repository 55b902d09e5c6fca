// Upload benchmark (npm run bench:upload): a 4 GiB bundle to one simulated host on loopback, Fieldlink's
// throughput against `curl -F` to the same endpoint in the same run, and the console's peak RSS for a 256 MiB
// and a 4 GiB file. Each upload runs in its own child process, so its peak RSS is its own; the simulated host runs
// in this process. Prints one JSON object.
//
//   npm run bench:upload                    # 4 GiB, 2 rounds
//   npm run bench:upload -- --gib 1 --rounds 1
//   npm run bench:upload -- --disk           # host stores on the temp disk instead of tmpfs
//
// The simulated host stores what it receives. On a VM disk that write (not the console, not curl) sets the pace,
// so by default the host's data goes to tmpfs (/dev/shm) when it has room, to measure the transfer itself.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import got from 'got';
import { paths } from '../../../shared/local-api/types';
import { startSite } from '../../../simulator/site';
import { createConsoleCore, MemoryVault } from '../index';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const USER = 'kairos';
const PASSWORD = 'kairos';
const TIME = '/usr/bin/time';

interface RunResult {
  tool: 'curl' | 'fieldlink';
  sizeBytes: number;
  seconds: number;
  MiBps: number;
  peakRssMiB: number | null;
  cpuSeconds: number | null;
  /** CPU the simulated host (this process) used during the run, as a share of one core. */
  simulatorCpu: number;
  ok: boolean;
  note?: string;
}

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** A sparse file that starts like a zstd frame: no disk space, no time to make, and it passes uploads.check. */
async function sparseBundle(dir: string, name: string, size: number): Promise<string> {
  const file = path.join(dir, name);
  const handle = await open(file, 'w');
  await handle.write(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), 0, 4, 0);
  await handle.truncate(size);
  await handle.close();
  return file;
}

/** Runs a command under /usr/bin/time (when present) for its wall time, CPU and peak RSS. */
function timed(cmd: string, args: string[], timeFile: string): Promise<{ code: number; stdout: string; stderr: string; wall: number; cpu: number | null; rssKiB: number | null }> {
  const useTime = existsSync(TIME);
  const [bin, argv] = useTime ? [TIME, ['-o', timeFile, '-f', '%e %U %S %M', cmd, ...args]] : [cmd, args];
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(bin, argv, { maxBuffer: 16 * MiB }, async (error, stdout, stderr) => {
      const wall = (performance.now() - started) / 1000;
      let cpu: number | null = null;
      let rssKiB: number | null = null;
      if (useTime) {
        const fields = (await readFile(timeFile, 'utf8').catch(() => '')).trim().split(/\s+/).slice(-4).map(Number);
        if (fields.length === 4 && fields.every(Number.isFinite)) {
          cpu = fields[1]! + fields[2]!;
          rssKiB = fields[3]!;
        }
      }
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr, wall, cpu, rssKiB });
    });
  });
}

async function sessionToken(url: string): Promise<string> {
  const res = await got.post(url + paths.login, { json: { username: USER, password: PASSWORD }, https: { rejectUnauthorized: false } }).json<{ Token?: { Authorization?: string } }>();
  const token = res.Token?.Authorization;
  if (!token) throw new Error('the simulated host gave no session token');
  return token;
}

function cpuShare(before: NodeJS.CpuUsage, seconds: number): number {
  const used = process.cpuUsage(before);
  return Math.round(((used.user + used.system) / 1e6 / seconds) * 100) / 100;
}

async function runCurl(url: string, file: string, size: number, dir: string): Promise<RunResult> {
  const token = await sessionToken(url);
  // The session token goes to curl in a private file, not on its command line where any process listing shows it.
  const headerFile = path.join(dir, 'curl.headers');
  await writeFile(headerFile, `Authorization: ${token}\n`, { mode: 0o600 });
  const cpu = process.cpuUsage();
  const out = await timed('curl', ['-sS', '-k', '-o', '/dev/null', '-w', '%{http_code} %{time_total}', '-F', `uploadFile=@${file}`, '-H', `@${headerFile}`, url + paths.uploadContent], path.join(dir, 'curl.time'));
  const [status, total] = out.stdout.trim().split(' ');
  const seconds = Number(total) || out.wall;
  return {
    tool: 'curl',
    sizeBytes: size,
    seconds: round(seconds),
    MiBps: round(size / MiB / seconds),
    peakRssMiB: out.rssKiB === null ? null : round(out.rssKiB / 1024),
    cpuSeconds: out.cpu,
    simulatorCpu: cpuShare(cpu, seconds),
    ok: out.code === 0 && status === '201',
    ...(status === '201' ? {} : { note: `curl: ${status ?? ''} ${out.stderr.trim()}`.slice(0, 300) }),
  };
}

async function runFieldlink(address: string, file: string, size: number, dir: string): Promise<RunResult> {
  const self = fileURLToPath(import.meta.url);
  const cpu = process.cpuUsage();
  const out = await timed(process.execPath, ['--import', 'tsx', self, '--child', address, file], path.join(dir, 'fieldlink.time'));
  const last = out.stdout.trim().split('\n').at(-1) ?? '';
  type ChildReport = { ok: boolean; seconds: number; maxRssKiB: number; error?: string };
  let child: ChildReport | null;
  try {
    child = JSON.parse(last) as ChildReport;
  } catch {
    child = null;
  }
  const seconds = child?.seconds ?? out.wall;
  return {
    tool: 'fieldlink',
    sizeBytes: size,
    seconds: round(seconds),
    MiBps: round(size / MiB / seconds),
    peakRssMiB: round((out.rssKiB ?? child?.maxRssKiB ?? 0) / 1024),
    cpuSeconds: out.cpu,
    simulatorCpu: cpuShare(cpu, seconds),
    ok: child?.ok === true,
    ...(child?.ok ? {} : { note: (child?.error ?? out.stderr.trim()).slice(0, 300) }),
  };
}

/** Child: the real console core, in this process alone, uploading one file to the host at `address`. */
async function child(address: string, file: string): Promise<void> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-bench-state-'));
  const core = await createConsoleCore({ stateDir, vault: new MemoryVault(), bridge: 'cli', discovery: false, trustNew: true });
  try {
    await core.handlers['credentials.setSite']({ username: USER, password: PASSWORD });
    const host = await core.handlers['hosts.add']({ address });
    const started = performance.now();
    const { taskIds } = await core.handlers['uploads.start']({ hostId: host.id, files: [{ path: file }] });
    const task = await core.context.tasks.settled(taskIds[0]!);
    const seconds = (performance.now() - started) / 1000;
    const ok = task.state === 'succeeded';
    process.stdout.write(`${JSON.stringify({ ok, seconds, maxRssKiB: process.resourceUsage().maxRSS, ...(ok ? {} : { error: task.error?.message ?? task.state }) })}\n`);
  } finally {
    await core.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function best(runs: RunResult[], tool: RunResult['tool'], size: number): RunResult | null {
  return runs.filter((r) => r.tool === tool && r.sizeBytes === size && r.ok).sort((a, b) => b.MiBps - a.MiBps)[0] ?? null;
}

/** Where the simulated host keeps uploads: tmpfs when it can hold two copies of the big file (stored + incoming). */
async function hostDataParent(bigSize: number): Promise<string> {
  if (process.argv.includes('--disk')) return os.tmpdir();
  try {
    const fs = await statfs('/dev/shm');
    if (fs.bavail * fs.bsize > 2 * bigSize + GiB) return '/dev/shm';
  } catch {
    /* no tmpfs here */
  }
  return os.tmpdir();
}

async function main(): Promise<void> {
  const bigSize = arg('gib', 4) * GiB;
  const smallSize = 256 * MiB;
  const rounds = arg('rounds', 2);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-bench-'));
  const hostData = await mkdtemp(path.join(await hostDataParent(bigSize), 'fieldlink-bench-host-'));
  const site = await startSite({ hosts: 1, mdnsInterface: false, user: USER, password: PASSWORD, dataDir: hostData });
  const host = site.hosts[0]!;
  const runs: RunResult[] = [];
  try {
    const big = await sparseBundle(dir, 'bench-big.tar.zst', bigSize);
    const small = await sparseBundle(dir, 'bench-small.tar.zst', smallSize);
    const address = `${host.address}:${host.port}`;
    // Alternating order, so neither tool always meets a warmer page cache on the host side.
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (['curl', 'fieldlink'] as const) : (['fieldlink', 'curl'] as const);
      for (const tool of order) {
        runs.push(tool === 'curl' ? await runCurl(host.url, big, bigSize, dir) : await runFieldlink(address, big, bigSize, dir));
        process.stderr.write(`${JSON.stringify(runs.at(-1))}\n`);
      }
    }
    runs.push(await runFieldlink(address, small, smallSize, dir));
    process.stderr.write(`${JSON.stringify(runs.at(-1))}\n`);
  } finally {
    await site.stop();
    await rm(dir, { recursive: true, force: true });
    await rm(hostData, { recursive: true, force: true });
  }

  const curl = best(runs, 'curl', bigSize);
  const fieldlink = best(runs, 'fieldlink', bigSize);
  const smallRun = best(runs, 'fieldlink', smallSize);
  const ratio = curl && fieldlink ? round(fieldlink.MiBps / curl.MiBps) : null;
  const peakBig = runs.filter((r) => r.tool === 'fieldlink' && r.sizeBytes === bigSize && r.ok).reduce((m, r) => Math.max(m, r.peakRssMiB ?? 0), 0);
  const growth = smallRun?.peakRssMiB != null && peakBig ? round(peakBig - smallRun.peakRssMiB) : null;
  const report = {
    benchmark: 'upload',
    setup: {
      host: 'one simulated host (simulator/, in the benchmark process) on 127.0.0.1, HTTPS',
      hostStorage: hostData.startsWith('/dev/shm') ? 'tmpfs (/dev/shm)' : `disk (${os.tmpdir()})`,
      file: `${bigSize / GiB} GiB sparse .tar.zst (zstd magic, then zeros), generated and deleted`,
      cpus: os.cpus().length,
      node: process.version,
      rounds,
      timing: 'curl: its time_total; Fieldlink: uploads.start until the task ended (includes login check and verification)',
    },
    throughput: {
      curlMiBps: curl?.MiBps ?? null,
      fieldlinkMiBps: fieldlink?.MiBps ?? null,
      ratio,
      target: 0.9,
      pass: ratio !== null && ratio >= 0.9,
    },
    memory: {
      peakRssMiB256MiB: smallRun?.peakRssMiB ?? null,
      peakRssMiBBig: peakBig || null,
      growthMiB: growth,
      targetMiB: 64,
      pass: growth !== null && growth < 64,
    },
    runs,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (runs.some((r) => !r.ok)) process.exitCode = 1;
}

const at = process.argv.indexOf('--child');
if (at >= 0) {
  await child(process.argv[at + 1]!, process.argv[at + 2]!);
} else {
  await main();
}
