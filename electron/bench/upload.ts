// Upload benchmark (npm run bench:upload): the `fieldlink` command as a user runs it, against `curl -F`, to one
// simulated host on loopback in the same run. Both are timed on the wall clock from spawn to exit, so the CLI's own
// start (with its compile cache, made by one untimed upload first, as by any first use), its first-seen certificate
// (--trust-new, for the named host only), its login and the verification after the upload all count; curl's login is
// done beforehand and not counted. Then, in a second phase, the browser console's path against curl: a file dropped
// on the host's card in headless Chromium, streamed through `serve` (upload-browser.ts), timed from the drop to the
// verified end of the task, with the page's JS heap. Each run of a phase takes curl and the console path in turn
// (alternating order) and gives the path's ratio to curl in that run; the report has every run, and the minimum and
// median of each figure. Prints one JSON object on stdout.
//
//   npm run bench:upload                     # 1 GiB, 3 runs
//   npm run bench:upload -- --gib 4 --runs 2
//   npm run bench:upload -- --disk           # the host stores on the temp disk instead of tmpfs
//   npm run bench:upload -- --no-browser     # curl and the CLI only
//   npm run bench:upload -- --help
//
// The simulated host stores what it receives. On a VM disk that write (not the console, not curl) sets the pace,
// so by default the host's data goes to tmpfs (/dev/shm) when it has room, to measure the transfer itself.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import got from 'got';
import { paths } from '../../shared/local-api/types';
import { startSite } from '../../simulator/site';
import { cpuPlan, pinnedCommand, pinProcess, type CpuPlan } from './cpu-pin';
import { browserLegMissing, startBrowserLeg, type BrowserLeg, type BrowserRun } from './upload-browser';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const USER = 'kairos';
const PASSWORD = 'kairos';
const TIME = '/usr/bin/time';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// The CLI is built from the current source into a folder of the benchmark's own (two levels below the root, as
// dist/cli is, so it finds package.json the same way): a stale dist/cli would measure old code, and rebuilding
// dist/cli itself would pull it from under other runs using it.
const CLI_DIR = path.join(ROOT, 'dist', `bench-upload-cli-${process.pid}`);
const CLI = path.join(CLI_DIR, 'start.cjs');
const TARGET = 0.9;
/** The bundles the benchmark uploads (and their signatures), as the host stores them. */
const BUNDLE_FILE = /^bench-.*\.tar\.zst(\.sig)?$/;
const BROWSER_TARGET = 0.8;
/** The page's JS heap may grow this much at its peak during a 1 GiB drop: it holds no copy of the bytes. */
const HEAP_GROWTH_LIMIT_MiB = 16;
/** Where the host and the tools run (cpu-pin.ts); null when unpinned. */
let pins: CpuPlan | null = null;

const HELP = `npm run bench:upload -- [options]
  --gib N     size of the file uploaded, in GiB (default 1)
  --runs N    runs per phase; each runs curl and the console path once, in alternating order (default 3):
              first curl and fieldlink alone, then curl and the browser console with serve and Chromium running
  --disk      the simulated host stores on the temp disk instead of tmpfs (/dev/shm)
  --no-browser  leave out the browser console's path (Chromium + serve)
  --no-pin    run the simulated host and the tools on any CPU (default: the host on CPU 0, the tools on the others)
  --help      this text
Prints one JSON object: every run, min/median of each figure, the ratio fieldlink/curl (goal >= ${TARGET} every run)
and the ratio browser/curl (goal >= ${BROWSER_TARGET} every run, page heap growth < ${HEAP_GROWTH_LIMIT_MiB} MiB).`;

interface ToolRun {
  /** Wall clock from spawn to exit. */
  seconds: number;
  MiBps: number;
  peakRssMiB: number | null;
  cpuSeconds: number | null;
  /** CPU the simulated host (this process) used during the run, as a share of one core. */
  simulatorCpu: number;
  ok: boolean;
  note?: string;
}

/** One run of a phase: curl and one console path, in turn, to the same host. */
interface Pair<T> {
  order: string;
  curl: ToolRun;
  tool: T;
  /** The console path's MiB/s over curl's in this run. */
  ratio: number | null;
}

interface Run {
  order: string;
  curl: ToolRun;
  fieldlink: ToolRun;
  /** fieldlink MiB/s over curl MiB/s in this run. */
  ratio: number | null;
}

interface BrowserPairRun {
  order: string;
  curl: ToolRun;
  browser: BrowserRun;
  /** browser MiB/s over curl MiB/s in this run. */
  ratio: number | null;
}

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * A sparse file that starts like a zstd frame: no disk space, no time to make, and it passes uploads.check. Read
 * once before the runs: the first read of its holes fills the page cache (seconds of CPU), which would otherwise
 * fall on whichever tool goes first.
 */
async function sparseBundle(dir: string, name: string, size: number): Promise<string> {
  const file = path.join(dir, name);
  const handle = await open(file, 'w+');
  await handle.write(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), 0, 4, 0);
  await handle.truncate(size);
  const buffer = Buffer.allocUnsafe(4 * MiB);
  for (let at = 0; at < size; at += buffer.length) await handle.read(buffer, 0, buffer.length, at);
  await handle.close();
  return file;
}

interface Timed {
  code: number | null;
  stdout: string;
  stderr: string;
  wall: number;
  cpu: number | null;
  rssKiB: number | null;
}

/**
 * Runs a command and times it on the wall clock from spawn to exit. Under /usr/bin/time when present, for its CPU
 * and peak RSS; that wrapper costs both tools the same one fork.
 */
function timed(cmd: string, args: string[], timeFile: string, env: NodeJS.ProcessEnv = process.env): Promise<Timed> {
  const useTime = existsSync(TIME);
  const [bin, argv] = useTime ? pinnedCommand(pins, TIME, ['-o', timeFile, '-f', '%e %U %S %M', cmd, ...args]) : pinnedCommand(pins, cmd, args);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, argv, { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      const wall = (performance.now() - started) / 1000;
      // 'close' comes once the pipes are drained; the clock already stopped at exit.
      child.once('close', () => {
        void (async () => {
          let cpu: number | null = null;
          let rssKiB: number | null = null;
          if (useTime) {
            const fields = (await readFile(timeFile, 'utf8').catch(() => '')).trim().split(/\s+/).slice(-4).map(Number);
            if (fields.length === 4 && fields.every(Number.isFinite)) {
              cpu = round(fields[1]! + fields[2]!);
              rssKiB = fields[3]!;
            }
          }
          resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), wall, cpu, rssKiB });
        })(); // reason: the async body cannot throw (the read failure is caught), and resolve ends the promise
      });
    });
  });
}

async function sessionToken(url: string): Promise<string> {
  const res = await got
    .post(url + paths.login, { json: { username: USER, password: PASSWORD }, https: { rejectUnauthorized: false } })
    .json<{ Token?: { Authorization?: string } }>();
  const token = res.Token?.Authorization;
  if (!token) throw new Error('the simulated host gave no session token');
  return token;
}

function cpuShare(before: NodeJS.CpuUsage, seconds: number): number {
  const used = process.cpuUsage(before);
  return round((used.user + used.system) / 1e6 / seconds);
}

function toolRun(out: Timed, size: number, cpuBefore: NodeJS.CpuUsage, ok: boolean, note: string): ToolRun {
  return {
    seconds: round(out.wall),
    MiBps: round(size / MiB / out.wall),
    peakRssMiB: out.rssKiB === null ? null : round(out.rssKiB / 1024),
    cpuSeconds: out.cpu,
    simulatorCpu: cpuShare(cpuBefore, out.wall),
    ok,
    ...(ok ? {} : { note: note.slice(0, 300) }),
  };
}

async function runCurl(url: string, file: string, size: number, dir: string): Promise<ToolRun> {
  const token = await sessionToken(url);
  // The session token goes to curl in a private file, not on its command line where any process listing shows it.
  const headerFile = path.join(dir, 'curl.headers');
  await writeFile(headerFile, `Authorization: ${token}\n`, { mode: 0o600 });
  const cpu = process.cpuUsage();
  const out = await timed(
    'curl',
    ['-sS', '-k', '-o', '/dev/null', '-w', '%{http_code}', '-F', `uploadFile=@${file}`, '-H', `@${headerFile}`, url + paths.uploadContent],
    path.join(dir, 'curl.time'),
  );
  const status = out.stdout.trim();
  return toolRun(out, size, cpu, out.code === 0 && status === '201', `curl: ${status} ${out.stderr.trim()}`);
}

/** The real compiled CLI, with a state folder of its own: nothing known, the named host trusted on first sight. */
async function runFieldlink(address: string, file: string, size: number, dir: string): Promise<ToolRun> {
  const state = await mkdtemp(path.join(dir, 'cli-state-'));
  const env = {
    ...process.env,
    HOME: state,
    FIELDLINK_USER: USER,
    FIELDLINK_PASSWORD: PASSWORD,
    // Discovery stays on loopback: the benchmark names its host by address and must not talk to the LAN.
    FIELDLINK_MDNS_INTERFACE: '127.0.0.1',
  };
  try {
    const cpu = process.cpuUsage();
    const out = await timed(process.execPath, [CLI, '--trust-new', '--state', state, 'upload', address, file], path.join(dir, 'fieldlink.time'), env);
    return toolRun(out, size, cpu, out.code === 0, `fieldlink exited ${out.code}: ${out.stderr.trim()}`);
  } finally {
    await rm(state, { recursive: true, force: true });
  }
}

/** The compiled CLI as `npm run build:cli` makes it, from the source as it is now. */
async function buildCli(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.mjs'), '--outdir', CLI_DIR], { cwd: ROOT }, (error, _out, stderr) =>
      error ? reject(new Error(`the CLI could not be built for the benchmark: ${stderr.trim() || error.message}`)) : resolve(),
    );
  });
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return round(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}

function minMedian(values: number[]): { min: number | null; median: number | null } {
  return { min: values.length ? round(Math.min(...values)) : null, median: median(values) };
}

/**
 * Removes the bundles the host kept from earlier legs, untimed. Otherwise each upload's end replaces the previous
 * 1 GiB file, and the kernel's freeing of its tmpfs pages lands on the host's CPU during whichever leg comes next:
 * measured, it added 1-3 s of system time to every other upload, curl's and Fieldlink's alike.
 */
async function clearHostUploads(hostData: string): Promise<void> {
  for (const entry of await readdir(hostData, { recursive: true, withFileTypes: true }))
    if (entry.isFile() && BUNDLE_FILE.test(entry.name)) await rm(path.join(entry.parentPath, entry.name), { force: true });
}

/**
 * One run of a phase: curl and the console path `name` upload the big file in turn, the order alternating with the
 * run's number, so neither always meets a warmer host or a quieter machine; the host's copy from the leg before is
 * removed before each leg.
 */
async function pairedRun<T extends { ok: boolean; MiBps: number }>(
  index: number,
  hostData: string,
  curlLeg: () => Promise<ToolRun>,
  name: string,
  toolLeg: () => Promise<T>,
): Promise<Pair<T>> {
  const curlFirst = index % 2 === 0;
  const order = curlFirst ? ['curl', name] : [name, 'curl'];
  let curl: ToolRun | null = null;
  let tool: T | null = null;
  for (const leg of order) {
    await clearHostUploads(hostData);
    if (leg === 'curl') curl = await curlLeg();
    else tool = await toolLeg();
  }
  const c = curl!;
  const t = tool!;
  const pair = { order: order.join(', '), curl: c, tool: t, ratio: c.ok && t.ok ? round(t.MiBps / c.MiBps) : null };
  process.stderr.write(`${JSON.stringify(pair)}\n`);
  return pair;
}

const WARM_MIN = 4;
const WARM_MAX = 10;
const WARM_SETTLED = 0.05;

/**
 * Uploads the big file with curl, untimed, until the simulated host (this process) has settled: its first 1 GiB
 * uploads took 3.6, 3.1, 2.7, 2.9 and 2.9 s, then 2.1-2.4 s from the sixth on (measured with curl alone, host pinned),
 * so legs timed earlier measured the host's own warm-up and favoured whichever tool came second. Answers the seconds
 * of each warm-up upload.
 */
async function warmHost(url: string, hostData: string, file: string, size: number, dir: string): Promise<number[]> {
  const seconds: number[] = [];
  while (seconds.length < WARM_MAX) {
    await clearHostUploads(hostData);
    const warm = await runCurl(url, file, size, dir);
    if (!warm.ok) {
      process.stderr.write(`a warm-up upload failed (${warm.note ?? ''}); the first runs may be slower\n`);
      break;
    }
    seconds.push(warm.seconds);
    const [before, last] = seconds.slice(-2);
    if (seconds.length >= WARM_MIN && Math.abs(last! - before!) / before! < WARM_SETTLED) break;
  }
  process.stderr.write(`host warmed up by ${seconds.length} untimed curl uploads: ${seconds.join(', ')} s\n`);
  return seconds;
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

function browserReport(runs: BrowserPairRun[], runsWanted: number, skipped: string | null) {
  if (skipped) return { measured: false, why: skipped };
  const okRuns = runs.filter((r) => r.ratio !== null);
  const ratios = okRuns.map((r) => r.ratio!);
  const growth = okRuns.map((r) => round(r.browser.pageHeapMiB.peak - r.browser.pageHeapMiB.before));
  return {
    measured: true,
    path: 'File dropped on the host card in headless Chromium -> POST to serve (127.0.0.1, run secret) -> core upload task -> host; drop to verified',
    MiBps: minMedian(okRuns.map((r) => r.browser.MiBps)),
    seconds: minMedian(okRuns.map((r) => r.browser.seconds)),
    ratio: { ...minMedian(ratios), perRun: ratios },
    target: BROWSER_TARGET,
    pageHeapMiB: okRuns.map((r) => r.browser.pageHeapMiB),
    pageHeapPeakGrowthMiB: { max: growth.length ? Math.max(...growth) : null, limit: HEAP_GROWTH_LIMIT_MiB },
    pass: okRuns.length === runsWanted && ratios.every((r) => r >= BROWSER_TARGET) && growth.every((g) => g < HEAP_GROWTH_LIMIT_MiB),
    runs,
  };
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const gib = arg('gib', 1);
  const bigSize = Math.round(gib * GiB);
  const smallSize = 256 * MiB;
  const runsWanted = Math.round(arg('runs', 3));
  await buildCli();
  const plan = cpuPlan(process.argv);
  if ('unpinned' in plan) process.stderr.write(`host and tools unpinned: ${plan.unpinned}\n`);
  else {
    pins = plan;
    pinProcess(process.pid, plan.host);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-bench-'));
  const hostData = await mkdtemp(path.join(await hostDataParent(bigSize), 'fieldlink-bench-host-'));
  const site = await startSite({ hosts: 1, mdnsInterface: false, user: USER, password: PASSWORD, dataDir: hostData });
  const host = site.hosts[0]!;
  const runs: Run[] = [];
  const browserRuns: BrowserPairRun[] = [];
  let warmup: number[] = [];
  let small: ToolRun | null = null;
  const browserSkipped = process.argv.includes('--no-browser') ? 'left out (--no-browser)' : browserLegMissing(ROOT);
  let browser: BrowserLeg | null = null;
  let browserWhy = browserSkipped;
  try {
    const big = await sparseBundle(dir, 'bench-big.tar.zst', bigSize);
    const smallFile = await sparseBundle(dir, 'bench-small.tar.zst', smallSize);
    warmup = await warmHost(host.url, hostData, big, bigSize, dir);
    // And one untimed upload by the CLI: its first run of a command stores the compiled code (cli/start.ts), as a
    // technician's first use does; a fresh state folder per run still makes every timed run trust and log in anew.
    const address = `${host.address}:${host.port}`;
    await clearHostUploads(hostData);
    const warmCli = await runFieldlink(address, smallFile, smallSize, dir);
    if (!warmCli.ok) process.stderr.write(`the CLI's warm-up upload failed (${warmCli.note ?? ''}); the first run may be slower\n`);
    // Phase one, curl and the CLI with nothing else running: the browser leg's serve and Chromium would keep
    // polling the host and wake on the tools' CPU, and the tail of their own upload (serve's GC, Chromium freeing
    // the file) landed on whichever leg came next.
    for (let i = 0; i < runsWanted; i++) {
      const pair = await pairedRun(
        i,
        hostData,
        () => runCurl(host.url, big, bigSize, dir),
        'fieldlink',
        () => runFieldlink(address, big, bigSize, dir),
      );
      runs.push({ order: pair.order, curl: pair.curl, fieldlink: pair.tool, ratio: pair.ratio });
    }
    // The console's memory must not grow with the file: the same upload at 256 MiB, for comparison.
    await clearHostUploads(hostData);
    small = await runFieldlink(address, smallFile, smallSize, dir);
    // Phase two, the browser console against curl, with serve and Chromium running for both.
    if (!browserSkipped) {
      // A browser that fails to start must not throw away the CLI's finished runs: the report says why instead.
      const leg = await startBrowserLeg(
        ROOT,
        pins,
        { address: host.address, port: host.port, fingerprint: host.fingerprint, name: host.name },
        { user: USER, password: PASSWORD },
        big,
      ).catch((err: unknown) => {
        browserWhy = `it did not start: ${err instanceof Error ? err.message : String(err)}`;
        process.stderr.write(`browser path not measured: ${browserWhy}\n`);
        return null;
      });
      browser = leg;
      for (let i = 0; leg && i < runsWanted; i++) {
        const pair = await pairedRun(
          i,
          hostData,
          () => runCurl(host.url, big, bigSize, dir),
          'browser',
          () => leg.run(bigSize),
        );
        browserRuns.push({ order: pair.order, curl: pair.curl, browser: pair.tool, ratio: pair.ratio });
      }
    } else process.stderr.write(`browser path not measured: ${browserSkipped}\n`);
  } finally {
    await browser?.close();
    await site.stop();
    await rm(dir, { recursive: true, force: true });
    await rm(hostData, { recursive: true, force: true });
    await rm(CLI_DIR, { recursive: true, force: true });
  }

  const okRuns = runs.filter((r) => r.ratio !== null);
  const ratios = okRuns.map((r) => r.ratio!);
  const peakBig = Math.max(0, ...runs.filter((r) => r.fieldlink.ok).map((r) => r.fieldlink.peakRssMiB ?? 0));
  const growth = small?.ok && small.peakRssMiB !== null && peakBig ? round(peakBig - small.peakRssMiB) : null;
  const report = {
    benchmark: 'upload',
    setup: {
      host: 'one simulated host (simulator/, in the benchmark process) on 127.0.0.1, HTTPS',
      hostWarmup: `untimed curl uploads of the big file before the runs, until two in a row differ by under ${WARM_SETTLED * 100} % (at least ${WARM_MIN}, at most ${WARM_MAX}): ${warmup.join(', ')} s`,
      hostStorage: `${hostData.startsWith('/dev/shm') ? 'tmpfs (/dev/shm)' : `disk (${os.tmpdir()})`}; the bundle kept from the leg before is removed, untimed, before each leg`,
      file: `${gib} GiB sparse .tar.zst (zstd magic, then zeros), generated and deleted`,
      cpus: os.cpus().length,
      node: process.version,
      runs: runsWanted,
      fieldlink:
        'node <CLI built from the current source>/start.cjs --trust-new --state <new folder> upload <ip:port> <file> (compiled CLI in dist/cli); its compile cache made by the untimed warm-up upload, as by any first use',
      curl: 'curl -sS -k -F uploadFile=@<file> -H @<token file> <url>; its login is done before and not counted',
      timing: 'both: wall clock from spawn to exit (fieldlink includes its start, trust, login and verification)',
      pinning: pins
        ? `the simulated host on CPU ${pins.host}, every tool (curl, fieldlink, serve, Chromium) on CPU ${pins.tools}, as a host is another machine on a site`
        : 'unpinned: host and tools share every CPU',
    },
    throughput: {
      curlMiBps: minMedian(okRuns.map((r) => r.curl.MiBps)),
      fieldlinkMiBps: minMedian(okRuns.map((r) => r.fieldlink.MiBps)),
      curlSeconds: minMedian(okRuns.map((r) => r.curl.seconds)),
      fieldlinkSeconds: minMedian(okRuns.map((r) => r.fieldlink.seconds)),
      ratio: { ...minMedian(ratios), perRun: ratios },
      target: TARGET,
      pass: okRuns.length === runsWanted && ratios.every((r) => r >= TARGET),
    },
    browser: browserReport(browserRuns, runsWanted, browserWhy),
    memory: {
      peakRssMiB256MiB: small?.peakRssMiB ?? null,
      peakRssMiBBig: peakBig || null,
      growthMiB: growth,
      targetMiB: 64,
      pass: growth !== null && growth < 64,
    },
    runs,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (runs.some((r) => !r.curl.ok || !r.fieldlink.ok) || browserRuns.some((r) => !r.curl.ok || !r.browser.ok) || !small?.ok) process.exitCode = 1;
}

await main();
