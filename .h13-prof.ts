import { chromium } from 'playwright-core';
import { serveFolder } from './renderer/bench/static-server';
const server = await serveFolder(process.argv[2]!);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start');
await page.goto(`${server.url}?hosts=200`);
await page.waitForFunction(() => (window as any).__bench?.firstRenderMs != null, null, { timeout: 30000 });
const { profile } = await cdp.send('Profiler.stop');
const nodes = new Map(profile.nodes.map((n: any) => [n.id, n]));
const parent = new Map<number, number>(); for (const n of profile.nodes as any[]) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map<number, number>(); profile.samples.forEach((s: number, i: number) => self.set(s, (self.get(s) ?? 0) + profile.timeDeltas[i] / 1000));
// inclusive time per function name (counted once per stack)
const incl = new Map<string, number>(); const selfBy = new Map<string, number>();
for (const [id, ms] of self) { const seen = new Set<string>(); let cur: number | undefined = id; let first = true;
  while (cur !== undefined) { const n: any = nodes.get(cur); const k = `${n.callFrame.functionName || '(anon)'}:${n.callFrame.lineNumber}`; if (first) { selfBy.set(k, (selfBy.get(k) ?? 0) + ms); first = false; } if (!seen.has(k)) { incl.set(k, (incl.get(k) ?? 0) + ms); seen.add(k); } cur = parent.get(cur); } }
console.log('SELF'); console.log([...selfBy].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(1)}\t${k}`).join('\n'));
console.log('INCL'); console.log([...incl].sort((a, b) => b[1] - a[1]).slice(0, 400).map(([k, v]) => `${v.toFixed(1)}\t${k}`).join('\n'));
await browser.close(); await server.close();
