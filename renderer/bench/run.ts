// npm run bench:renderer: a 200-host site in headless Chromium, each host sending one status update a second.
// Prints JSON: frame time while the updates flow, long tasks, the first render of the 200 hosts (on a cold browser
// and on warm reloads), and the gzip size of the real renderer bundle (dist/renderer).
//
// Frame time: headless Chromium here keeps a ~60 Hz vsync whatever the flags (--disable-frame-rate-limit and
// --disable-gpu-vsync were tried), so requestAnimationFrame deltas can never read below ~16.7 ms; they are reported
// as rafIntervalMs, where p95 at one interval means no frame was dropped. frameTimeMs is the main-thread work in
// each of those intervals, from a performance trace: what a frame actually costs, and what the 16 ms target is
// checked against.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_PATH, chromiumArgs } from '../../e2e/chromium';
import { serveFolder } from './static-server';
import { frameWork } from './trace-frames';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const MEASURE_MS = Number(process.env.BENCH_MS ?? 10_000);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 200);
const WARM_LOADS = 3;

type BenchWindow = Window & { __longTasks: number[] };

const round = (n: number) => +n.toFixed(2);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function stats(values: number[]) {
  const s = values.slice().sort((a, b) => a - b);
  return { p50: round(percentile(s, 50)), p95: round(percentile(s, 95)), p99: round(percentile(s, 99)), max: round(s[s.length - 1] ?? 0) };
}

function gzipSizes(dir: string) {
  const assets = path.join(dir, 'assets');
  let js = 0;
  let css = 0;
  for (const f of readdirSync(assets)) {
    const size = gzipSync(readFileSync(path.join(assets, f)), { level: 9 }).length;
    if (f.endsWith('.js')) js += size;
    else if (f.endsWith('.css')) css += size;
  }
  return { jsGzipKB: round(js / 1024), cssGzipKB: round(css / 1024), totalGzipKB: round((js + css) / 1024) };
}

/** Loads (or reloads) the page and waits for the site to be on screen; returns its timings. */
async function load(page: Page, url: string, reload: boolean) {
  if (reload) await page.reload();
  else await page.goto(url);
  await page.waitForFunction(() => window.__bench?.firstRenderMs !== null, null, { timeout: 30_000 });
  return page.evaluate(() => ({
    firstRenderMs: window.__bench.firstRenderMs!,
    scriptStartMs: window.__bench.scriptStartMs,
    longTasks: (window as unknown as BenchWindow).__longTasks.splice(0),
  }));
}

async function main() {
  const quiet = { logLevel: 'error' as const };
  await build({ configFile: path.join(repo, 'vite.renderer.config.ts'), ...quiet });
  await build({ configFile: path.join(here, 'vite.config.ts'), ...quiet });
  const bundle = gzipSizes(path.join(repo, 'dist/renderer'));

  const server = await serveFolder(path.join(repo, 'dist/bench'));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // tsx compiles the functions passed to page.evaluate with esbuild's keepNames, which calls a __name helper that
    // exists only in Node: give the page a harmless one.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.addInitScript(() => {
      const w = window as unknown as BenchWindow;
      w.__longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
    });
    const url = `${server.url}?hosts=${HOSTS}`;
    const cold = await load(page, url, false);
    const warm = [];
    for (let i = 0; i < WARM_LOADS; i++) warm.push(await load(page, url, true));

    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'toplevel'],
    });
    const run = await page.evaluate(async (ms) => {
      const deltas: number[] = [];
      window.__bench.start();
      await new Promise<void>((resolve) => {
        let last = performance.now();
        const end = last + ms;
        const frame = (t: number) => {
          deltas.push(t - last);
          last = t;
          if (t < end) requestAnimationFrame(frame);
          else resolve();
        };
        requestAnimationFrame(frame);
      });
      const updates = window.__bench.stop();
      return {
        deltas: deltas.slice(1),
        updates,
        cardsMounted: document.querySelectorAll('[data-host-card]').length,
        summary: document.querySelector('[aria-label^="Site hosts: "]')?.getAttribute('aria-label') ?? null,
      };
    }, MEASURE_MS);
    const longTasks = await page.evaluate(() => (window as unknown as BenchWindow).__longTasks);
    const work = frameWork(JSON.parse((await browser.stopTracing()).toString('utf8')));

    const frameTime = stats(work.workMs);
    const warmFirst = warm.map((w) => w.firstRenderMs).sort((a, b) => a - b);
    const firstRenderWarm = warmFirst[Math.floor(warmFirst.length / 2)]!;
    const result = {
      hosts: HOSTS,
      summary: run.summary,
      // The grid mounts only the rows near the viewport (HostGrid); updates to the others only touch the store.
      cardsMounted: run.cardsMounted,
      measuredSec: MEASURE_MS / 1000,
      statusUpdates: run.updates,
      updatesPerSec: round(run.updates / (MEASURE_MS / 1000)),
      frameTimeMs: { ...frameTime, frames: work.frames },
      rafIntervalMs: {
        ...stats(run.deltas),
        frames: run.deltas.length,
        droppedPct: round((100 * run.deltas.filter((d) => d > work.intervalMs * 1.5).length) / Math.max(1, run.deltas.length)),
      },
      longTasks: { count: longTasks.length, maxMs: round(Math.max(0, ...longTasks)) },
      firstRender: {
        coldMs: round(cold.firstRenderMs),
        coldScriptStartMs: round(cold.scriptStartMs),
        warmMs: round(firstRenderWarm),
        warmRunsMs: warm.map((w) => round(w.firstRenderMs)),
      },
      // Tasks over 50 ms while the page loads (bundle evaluation, first render), reported apart from the live phase.
      startupLongTasksMs: { cold: cold.longTasks.map(round), warm: warm.flatMap((w) => w.longTasks).map(round) },
      bundle,
      // Issue 13's targets: no task over 50 ms, while the updates flow and while the page loads; cold first render
      // within 500 ms.
      targets: { p95FrameMs: 16, longTaskMs: 50, firstRenderMs: 500 },
      pass: {
        p95FrameTime: frameTime.p95 <= 16,
        noLongTasks: longTasks.every((d) => d <= 50),
        noStartupLongTasks: [...cold.longTasks, ...warm.flatMap((w) => w.longTasks)].every((d) => d <= 50),
        firstRenderCold: cold.firstRenderMs <= 500,
      },
    };
    console.log(JSON.stringify(result, null, 2));
    if (!Object.values(result.pass).every(Boolean)) process.exitCode = 1;
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
