// The browser console's leg of the upload benchmark (electron/bench/upload.ts): a file dropped on a host's card in
// headless Chromium streams from the page through `serve` (a process of its own, as a technician runs it) to the
// same simulated host curl and the CLI upload to. Timed from the drop to the end of the upload task (sent, and its
// sha256 verified on the host), with the page's JS heap sampled before, during and after.
//
// FIELDLINK_BENCH_DEBUG=1 prints, on stderr, what serve and the page say, every request, and the CPU of each
// Chromium process and serve thread: where a run's time went.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import WebSocket from 'ws';
import type { TaskView } from '../../shared/contract';
import { createWsClient, type WebSocketConstructor, type WsClient } from '../../renderer/src/bridge/ws-client';
import { WS_PATH } from '../../shared/ws-protocol';
import { CHROMIUM_PATH, chromiumArgs } from '../../e2e/chromium';
import { pinnedCommand, pinnedExecutable, type CpuPlan } from './cpu-pin';

const MiB = 1024 * 1024;
const DEBUG = Boolean(process.env.FIELDLINK_BENCH_DEBUG);

export interface BrowserRun {
  /** Drop to the end of the upload task (all bytes sent and the sha256 verified on the host). */
  seconds: number;
  MiBps: number;
  /** The page's JS heap (Runtime.getHeapUsage, after a GC for before/after), in MiB. */
  pageHeapMiB: { before: number; peak: number; after: number };
  /** CPU seconds the `serve` process used during the run. */
  serveCpuSeconds: number | null;
  /** CPU seconds Chromium's processes (browser, renderer, network service...) used during the run. */
  chromiumCpuSeconds: number | null;
  simulatorCpu: number;
  ok: boolean;
  note?: string;
}

export interface BrowserLeg {
  run(size: number): Promise<BrowserRun>;
  close(): Promise<void>;
}

export interface BrowserHost {
  address: string;
  port: number;
  fingerprint: string;
  name: string;
}

/** Why the browser leg cannot run here, or null when it can. */
export function browserLegMissing(root: string): string | null {
  if (!existsSync(CHROMIUM_PATH)) return `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`;
  if (!existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) return 'the page is not built: run `npm run build:renderer` first';
  return null;
}

/** The line where serve prints its address; lines before it come from node options given for a look inside (e.g. --trace-gc). */
function addressLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text: string | null = '';
    let errors = '';
    child.stderr!.on('data', (c: Buffer) => (errors += c.toString()));
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      if (DEBUG) step(`serve said: ${chunk.trim()}`);
      if (text === null) return; // found already: the rest is not kept
      text += chunk;
      const line = text.split('\n').find((l) => l.includes(' Open http'));
      if (!line) return;
      text = null;
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`serve ended (code ${code}) before printing its address: ${errors.trim()}`)));
  });
}

/** `npm run serve` as package.json has it, less the `node`: serve is measured with the node flags a technician gets. */
async function serveScript(root: string): Promise<string[]> {
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const [node, ...args] = (pkg.scripts?.serve ?? '').split(' ').filter(Boolean);
  if (node !== 'node' || !args.includes('electron/serve.ts'))
    throw new Error(`package.json's "serve" script is not \`node … electron/serve.ts\`: ${pkg.scripts?.serve}`);
  return args;
}

/** A process's name, parent and CPU ticks (utime + stime) from /proc; null when it is gone or there is no /proc. */
async function procStat(pid: number | string): Promise<{ comm: string; ppid: number; ticks: number } | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The name may hold spaces and parentheses: the fields start after the last ") ".
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** utime + stime of every Chromium process started by this benchmark (descendants of this process), in seconds. */
async function chromiumCpu(): Promise<number | null> {
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const table = new Map<number, { comm: string; ppid: number; ticks: number }>();
  for (const pid of pids) {
    const stat = await procStat(pid);
    if (stat) table.set(Number(pid), stat); // else it ended while the table was read
  }
  const ours = (pid: number): boolean => {
    for (let at = table.get(pid)?.ppid; at !== undefined && at > 1; at = table.get(at)?.ppid) if (at === process.pid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, stat] of table)
    if (/chrom/i.test(stat.comm) && ours(pid)) {
      total += stat.ticks;
      if (DEBUG) {
        const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        step(`chromium ${pid} ${/--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser'} ${/--utility-sub-type=([A-Za-z.]+)/.exec(cmd)?.[1] ?? ''} ${stat.ticks}`);
      }
    }
  return total / 100;
}

/** utime + stime of a process, in seconds (Linux /proc); null elsewhere. */
async function cpuOf(pid: number | undefined): Promise<number | null> {
  const stat = pid ? await procStat(pid) : null;
  return stat ? stat.ticks / 100 : null;
}

async function heapMiB(cdp: CDPSession, collect: boolean): Promise<number> {
  if (collect) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return Math.round((usedSize / MiB) * 10) / 10;
}

function nextUploadEnd(client: WsClient): Promise<TaskView> {
  return new Promise((resolve) => {
    const off = client.api.on('tasks.ended', (task) => {
      if (task.kind !== 'upload') return;
      off();
      resolve(task);
    });
  });
}

/**
 * Starts `serve` (its own process, its own state folder), adds and trusts the host over its bridge, and opens the
 * console page in Chromium with `file` chosen as a technician's File (disk-backed: the page holds no copy).
 */
/** The few page globals the drop uses (this file is type-checked for Node, without the DOM's types). */
interface PageGlobals {
  document: { getElementById(id: string): { files?: unknown[] } | null };
  DataTransfer: new () => { items: { add(file: unknown): void } };
  DragEvent: new (type: string, init: object) => unknown;
}

const step = (what: string) => process.stderr.write(`browser path: ${what}\n`);

export async function startBrowserLeg(
  root: string,
  pins: CpuPlan | null,
  host: BrowserHost,
  credentials: { user: string; password: string },
  file: string,
): Promise<BrowserLeg> {
  const state = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-bench-serve-'));
  let child: ChildProcess | null = null;
  let browser: Browser | null = null;
  let client: WsClient | null = null;
  const close = async () => {
    client?.close();
    await browser?.close().catch(() => {}); // already gone when Chromium crashed; the rest is still stopped
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(state, { recursive: true, force: true });
  };
  try {
    // FIELDLINK_BENCH_SERVE_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p") shows where serve's time goes.
    const nodeArgs = (process.env.FIELDLINK_BENCH_SERVE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const [serveCmd, serveArgs] = pinnedCommand(pins, process.execPath, [
      ...nodeArgs,
      ...(await serveScript(root)),
      '--port',
      '0',
      '--no-discovery',
      '--state',
      state,
    ]);
    child = spawn(serveCmd, serveArgs, {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: state,
        FIELDLINK_USER: credentials.user,
        FIELDLINK_PASSWORD: credentials.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = await addressLine(child);
    step('serve started');
    const match = /Open (http:\/\/127\.0\.0\.1:(\d+)\/#secret=([A-Za-z0-9_-]+))/.exec(line);
    if (!match) throw new Error(`serve printed no address: ${line}`);
    const [, url, port, secret] = match;
    client = createWsClient({ url: `ws://127.0.0.1:${port}${WS_PATH}`, secret: secret!, WebSocket: WebSocket as unknown as WebSocketConstructor });
    const added = await client.api['hosts.add']({ address: `${host.address}:${host.port}` });
    await client.api['certificates.trust']({ hostId: added.id, fingerprint: host.fingerprint });
    step('host added and trusted');

    browser = await chromium.launch({ executablePath: await pinnedExecutable(pins, CHROMIUM_PATH, state), headless: true, args: chromiumArgs });
    const page: Page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    if (DEBUG) {
      page.on('console', (m) => step(`page ${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => step(`page error: ${e.message}`));
      child.stderr!.on('data', (c: Buffer) => step(`serve: ${c.toString().trim()}`));
      page.on('request', (r) => step(`request ${r.method()} ${r.url().slice(0, 80)}`));
      page.on('requestfinished', (r) => step(`finished ${r.url().slice(0, 80)}`));
      page.on('requestfailed', (r) => step(`failed ${r.url().slice(0, 80)} ${r.failure()?.errorText}`));
    }
    await page.goto(url!);
    const card = page.getByRole('group', { name: new RegExp(`^${host.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},`) });
    await card.waitFor({ timeout: 60_000 });
    // The file as a technician's drop gives it: a File backed by the file on disk, chosen through a file input.
    // Page code as text: this file is type-checked for Node, without the DOM's types.
    await page.evaluate(`{
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'bench-file';
      input.hidden = true;
      document.body.append(input);
    }`);
    // Chosen by its path over CDP, as the browser's own file dialog does: nothing of the file passes through here.
    const cdp = await page.context().newCDPSession(page);
    const input = await cdp.send('Runtime.evaluate', { expression: "document.getElementById('bench-file')" });
    await cdp.send('DOM.setFileInputFiles', { files: [file], objectId: input.result.objectId! });
    step('page ready, file chosen');
    const api = client;
    const serve = child;

    return {
      close,
      async run(size) {
        const before = await heapMiB(cdp, true);
        let peak = before;
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            peak = Math.max(peak, await heapMiB(cdp, false));
            await new Promise((r) => setTimeout(r, 100));
          }
        })();
        const ended = nextUploadEnd(api);
        const cpuBefore = process.cpuUsage();
        const serveBefore = await cpuOf(serve.pid);
        const chromiumBefore = await chromiumCpu();
        const started = performance.now();
        // The way a browser delivers a drop: dragenter, dragover, drop, with a DataTransfer holding the File.
        await card.locator('.fl-name').evaluate((el: { dispatchEvent(e: unknown): boolean }) => {
          const page = globalThis as unknown as PageGlobals;
          const data = new page.DataTransfer();
          data.items.add(page.document.getElementById('bench-file')!.files![0]!);
          for (const type of ['dragenter', 'dragover', 'drop'])
            el.dispatchEvent(new page.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
        });
        const task = await ended;
        const seconds = (performance.now() - started) / 1000;
        const serveAfter = await cpuOf(serve.pid);
        if (DEBUG)
          for (const tid of await readdir(`/proc/${serve.pid}/task`)) {
            const t = await procStat(`${serve.pid}/task/${tid}`);
            if (t && t.ticks > 0) step(`serve thread ${tid} ${t.comm} ${t.ticks}`);
          }
        const chromiumAfter = await chromiumCpu();
        const used = process.cpuUsage(cpuBefore);
        sampling = false;
        await sampler;
        const after = await heapMiB(cdp, true);
        const ok = task.state === 'succeeded';
        return {
          seconds: round(seconds),
          MiBps: round(size / MiB / seconds),
          pageHeapMiB: { before, peak, after },
          serveCpuSeconds: serveBefore === null || serveAfter === null ? null : round(serveAfter - serveBefore),
          chromiumCpuSeconds: chromiumBefore === null || chromiumAfter === null ? null : round(chromiumAfter - chromiumBefore),
          simulatorCpu: round((used.user + used.system) / 1e6 / seconds),
          ok,
          ...(ok ? {} : { note: `${task.state}: ${task.error?.message ?? ''}`.slice(0, 300) }),
        };
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
