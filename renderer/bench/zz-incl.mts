import { chromium } from 'playwright-core';
import { serveFolder } from '/work/main/renderer/bench/static-server';
const server = await serveFolder('/work/main/dist/bench');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.addInitScript({ content: 'window.__name = (f) => f;' });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await page.goto(server.url);
await page.waitForFunction(() => (window as any).__bench?.firstRenderMs != null);
const { profile } = await cdp.send('Profiler.stop');
const nodes = new Map(profile.nodes.map((n: any) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes as any[]) for (const c of n.children ?? []) parent.set(c, n.id);
const selfT = new Map<number, number>();
profile.samples!.forEach((id: number, i: number) => selfT.set(id, (selfT.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0)));
const incl = new Map<string, number>();
for (const [id, t] of selfT) {
  const seen = new Set<string>();
  let cur: number | undefined = id;
  while (cur !== undefined) {
    const n: any = nodes.get(cur);
    const name = n.callFrame.functionName;
    if (name && !seen.has(name)) { seen.add(name); incl.set(name, (incl.get(name) ?? 0) + t); }
    cur = parent.get(cur);
  }
}
const want = process.argv.slice(2);
for (const [k, v] of [...incl].filter(([k]) => want.length === 0 || want.includes(k)).sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log((v / 1000).toFixed(1).padStart(8), k);
await browser.close(); await server.close();
