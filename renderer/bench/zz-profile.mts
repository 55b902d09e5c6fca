import { chromium } from 'playwright-core';
import { serveFolder } from '/work/main/renderer/bench/static-server';

const server = await serveFolder('/work/main/dist/bench');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.addInitScript({ content: 'window.__name = (f) => f;' });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
const phase = process.argv[3] ?? 'load';
if (phase === 'load') await cdp.send('Profiler.start');
await page.goto(server.url + (process.argv[2] ?? ''));
await page.waitForFunction(() => (window as any).__bench?.firstRenderMs != null);
if (phase === 'update') {
  await cdp.send('Profiler.start');
  await page.evaluate(() => (window as any).__bench.start());
  await page.waitForTimeout(4000);
}
const { profile } = await cdp.send('Profiler.stop');
console.log('firstRender', await page.evaluate(() => (window as any).__bench.firstRenderMs));
const self = new Map<string, number>();
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const dt = profile.timeDeltas!;
const counts = new Map<number, number>();
profile.samples!.forEach((id: number, i: number) => counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)));
for (const [id, t] of counts) {
  const n: any = byId.get(id);
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
  self.set(key, (self.get(key) ?? 0) + t);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log('total ms', (total / 1000).toFixed(0));
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log((v / 1000).toFixed(1).padStart(8), k);
await browser.close();
await server.close();
