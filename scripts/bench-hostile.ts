// `npm run bench:hostile`: `serve`'s memory and CPU through the hostile cases of issue 12, measured in a child
// process that runs serve as `npm run serve` does (core, WebSocket bridge, static site; mDNS on 127.0.0.1):
//   idle        nothing hostile (baseline)
//   flood       10,000 made-up hosts announced over mDNS on loopback, re-announced every 5 s
//   endless     a signed-in host answering every read with a chunk-size line that never ends
//   trickle     a 1 MiB upload whose answer comes one byte every 30 s and never finishes
// Prints one JSON line per phase (peak RSS in MB, average CPU in % of one core) and a verdict against the targets
// (< 300 MB, < 5 % of a core). `--seconds N` sets each phase's length (default 30).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startHostileHost, type HostileHost } from '../electron/test-kit/core/hostile-host';
import { startFlood } from '../electron/test-kit/core/mdns-flood';

const RSS_LIMIT_MB = 300;
const CPU_LIMIT_PCT = 5;

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' } } });
const phaseMs = Math.max(5, Number(values.seconds)) * 1000;

let seq = 0;
const pending = new Map<number, (v: unknown) => void>();

function call(child: ChildProcess, name: string, input: unknown): Promise<{ ok: boolean; data?: unknown; error?: { message: string } }> {
  const id = ++seq;
  return new Promise((resolve) => {
    pending.set(id, resolve as (v: unknown) => void);
    child.send({ id, name, input });
  });
}

function usage(child: ChildProcess): Promise<{ rss: number; cpuMicros: number }> {
  const id = ++seq;
  return new Promise((resolve) => {
    pending.set(id, resolve as (v: unknown) => void);
    child.send({ usage: id });
  });
}

async function measure(child: ChildProcess, label: string, ms: number, during?: () => Promise<void>) {
  const start = await usage(child);
  const t0 = Date.now();
  let peak = start.rss;
  let stop = false;
  const load = during ? during() : Promise.resolve();
  const sampler = (async () => {
    while (!stop) {
      await new Promise((r) => setTimeout(r, 500));
      peak = Math.max(peak, (await usage(child)).rss);
    }
  })();
  await new Promise((r) => setTimeout(r, ms));
  stop = true;
  await sampler;
  await load;
  const end = await usage(child);
  const cpuPct = ((end.cpuMicros - start.cpuMicros) / 1000 / (Date.now() - t0)) * 100;
  const line = {
    phase: label,
    seconds: Math.round((Date.now() - t0) / 1000),
    peakRssMB: Math.round(peak / 1e6),
    cpuPctOfOneCore: Math.round(cpuPct * 10) / 10,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  return line;
}

async function main(): Promise<void> {
  const endless = await startHostileHost('endless-line', { id: `edge-${'e1'.repeat(16)}`, name: 'endless-line' });
  const trickle = await startHostileHost('trickle-upload', { id: `edge-${'7c'.repeat(16)}`, name: 'trickle', trickleMs: 30_000 });
  const hosts: HostileHost[] = [endless, trickle];
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-bench-file-'));
  const bundle = path.join(dir, 'bundle.tar.zst');
  await writeFile(bundle, Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(1024 * 1024 - 4, 7)]));
  const child = fork(fileURLToPath(new URL('./bench/hostile-serve-child.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, BENCH_TRUST_HOSTS: hosts.map((h) => h.url).join(',') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('message', (msg: { id?: number; usage?: number; answer?: unknown } | 'ready') => {
    if (msg === 'ready') return pending.get(0)?.(undefined);
    const id = msg.id ?? msg.usage;
    if (id !== undefined) {
      pending.get(id)?.(msg.answer ?? msg);
      pending.delete(id);
    }
  });
  await new Promise((r) => pending.set(0, r));
  const results = [];
  try {
    results.push(await measure(child, 'idle', phaseMs));

    const flood = startFlood(10_000);
    results.push(
      await measure(child, 'flood: 10,000 mDNS hosts', phaseMs, async () => {
        for (let t = Date.now(); Date.now() - t < phaseMs - 1000;) {
          await flood.announce();
          await new Promise((r) => setTimeout(r, 5_000));
        }
      }),
    );
    await flood.close();
    const listed = (await call(child, 'hosts.list', {})).data as unknown[];
    process.stdout.write(`${JSON.stringify({ note: 'hosts listed after the flood', count: listed.length })}\n`);

    await call(child, 'hosts.add', { address: endless.url });
    results.push(await measure(child, 'endless chunk-size line', phaseMs));
    process.stdout.write(`${JSON.stringify({ note: 'bytes the endless host got out', MB: Math.round(endless.written() / 1e6) })}\n`);

    const added = (await call(child, 'hosts.add', { address: trickle.url })).data as { id: string };
    await new Promise((r) => setTimeout(r, 2_000));
    const started = await call(child, 'uploads.start', { hostId: added.id, files: [{ path: bundle }] });
    if (!started.ok) process.stdout.write(`${JSON.stringify({ note: 'upload refused', error: started.error?.message })}\n`);
    results.push(await measure(child, 'trickled upload answer', phaseMs));
  } finally {
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
    for (const h of hosts) await h.close();
    await rm(dir, { recursive: true, force: true });
  }
  const worst = { peakRssMB: Math.max(...results.map((r) => r.peakRssMB)), cpuPctOfOneCore: Math.max(...results.map((r) => r.cpuPctOfOneCore)) };
  const pass = worst.peakRssMB < RSS_LIMIT_MB && worst.cpuPctOfOneCore < CPU_LIMIT_PCT;
  process.stdout.write(`${JSON.stringify({ verdict: pass ? 'pass' : 'fail', worst, targets: { peakRssMB: RSS_LIMIT_MB, cpuPctOfOneCore: CPU_LIMIT_PCT } })}\n`);
  process.exitCode = pass ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:hostile could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
