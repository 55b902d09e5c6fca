// npm run bench:renderer: 200 host cards, each host sending one status update a second, in headless Chromium.
// Prints JSON: p95 frame time, long tasks, first render of the 200 cards, and the gzip size of the real bundle.
//
// Frame time is the interval between requestAnimationFrame callbacks with Chromium's frame-rate limit and vsync
// turned off, so an idle page runs far above 60 fps and each interval is the real cost of a frame (script, style,
// layout, paint). With vsync on, every interval would read ~16.7 ms however light the page is.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { serveFolder } from './static-server';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const MEASURE_MS = Number(process.env.BENCH_MS ?? 10_000);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 200);

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function gzipSizes(dir: string) {
  const assets = path.join(dir, 'assets');
  let js = 0;
  let css = 0;
  for (const f of readdirSync(assets)) {
    const size = gzipSync(readFileSync(path.join(assets, f)), { level: 9 }).length;
    if (f.endsWith('.js')) js += size;
    else if (f.endsWith('.css')) css += size;
  }
  return { jsGzipKB: +(js / 1024).toFixed(1), cssGzipKB: +(css / 1024).toFixed(1), totalGzipKB: +((js + css) / 1024).toFixed(1) };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const quiet = { logLevel: 'error' as const };
  await build({ configFile: path.join(repo, 'vite.renderer.config.ts'), ...quiet });
  await build({ configFile: path.join(here, 'vite.config.ts'), ...quiet });
  const bundle = gzipSizes(path.join(repo, 'dist/renderer'));

  const server = await serveFolder(path.join(repo, 'dist/bench'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...chromiumArgs, '--disable-frame-rate-limit', '--disable-gpu-vsync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // tsx compiles the functions passed to page.evaluate with esbuild's keepNames, which calls a __name helper that
    // exists only in Node: give the page a harmless one.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${server.url}?hosts=${HOSTS}`);
    await page.waitForFunction(() => window.__bench?.firstRenderMs !== null, null, { timeout: 30_000 });
    const firstRenderMs = await page.evaluate(() => window.__bench.firstRenderMs!);
    const startupLongTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.splice(0));

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
      const cards = document.querySelectorAll('[data-host-card]').length;
      return { deltas, updates, cards };
    }, MEASURE_MS);
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);

    const sorted = run.deltas.slice(1).sort((a, b) => a - b);
    const round = (n: number) => +n.toFixed(2);
    const result = {
      hosts: HOSTS,
      cards: run.cards,
      measuredSec: MEASURE_MS / 1000,
      statusUpdates: run.updates,
      updatesPerSec: round(run.updates / (MEASURE_MS / 1000)),
      frames: sorted.length,
      frameTimeMs: { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1] ?? 0) },
      longTasks: { count: longTasks.length, maxMs: round(Math.max(0, ...longTasks)) },
      startupLongTasks: { count: startupLongTasks.length, maxMs: round(Math.max(0, ...startupLongTasks)) },
      firstRenderMs: round(firstRenderMs),
      bundle,
      targets: { p95FrameMs: 16, longTaskMs: 50, firstRenderMs: 1000 },
      pass: {
        p95: percentile(sorted, 95) <= 16,
        longTasks: longTasks.every((d) => d <= 50),
        firstRender: firstRenderMs <= 1000,
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
