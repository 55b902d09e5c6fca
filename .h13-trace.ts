import { chromium } from 'playwright-core';
import { serveFolder } from './renderer/bench/static-server';
const dir = process.argv[2]!;
const server = await serveFolder(dir);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
for (let run = 0; run < Number(process.argv[3] ?? 1); run++) {
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.addInitScript(() => { (window as any).__lt = []; new PerformanceObserver((l) => l.getEntries().forEach((e) => (window as any).__lt.push(Math.round(e.duration)))).observe({ type: 'longtask', buffered: true }); });
const trace = process.argv[4] === 'trace';
if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8.execute'] });
await page.goto(`${server.url}?hosts=200`);
await page.waitForFunction(() => (window as any).__bench?.firstRenderMs != null, null, { timeout: 30000 });
const fr = await page.evaluate(() => [(window as any).__bench.firstRenderMs, (window as any).__lt.slice()]);
console.log('firstRender', JSON.stringify(fr));
await page.waitForTimeout(2500);
console.log('  long tasks by +2.5 s', JSON.stringify(await page.evaluate(() => (window as any).__lt)));
if (trace) {
const t = JSON.parse((await browser.stopTracing()).toString('utf8'));
const ev = (t.traceEvents as any[]).filter((e) => e.ph === 'X' && e.dur);
const p = ev.find((e) => e.name === 'ParseHTML'); const mainTid = `${p.pid}:${p.tid}`;
const mine = ev.filter((e) => `${e.pid}:${e.tid}` === mainTid);
const t0 = mine[0].ts;
for (const tk of mine.filter((e) => e.name === 'RunTask' && e.dur > 40000)) {
  const kids = mine.filter((e) => e.ts >= tk.ts && e.ts + e.dur <= tk.ts + tk.dur && e !== tk && !e.name.startsWith('V8.') && !e.name.startsWith('ThreadController') && e.name !== 'Receive mojo message' && e.name !== 'SimpleWatcher::OnHandleReady');
  const by = new Map<string, number>();
  for (const k of kids) { const n = k.name + (k.name === 'FunctionCall' ? ' ' + (k.args?.data?.functionName ?? '') + ' ' + String(k.args?.data?.url ?? '').split('/').pop() : k.name.includes('Script') || k.name.includes('Module') ? ' ' + String(k.args?.data?.url ?? '').split('/').pop() : ''); by.set(n, (by.get(n) ?? 0) + k.dur / 1000); }
  console.log(`  TASK ${(tk.dur / 1000).toFixed(1)} ms at ${((tk.ts - t0) / 1000).toFixed(0)}: ` + [...by].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k}=${v.toFixed(0)}`).join(', '));
}
}
await page.close();
}
await browser.close(); await server.close();
