import { Session } from 'node:inspector/promises';
import { writeFile } from 'node:fs/promises';
import { startBenchCore, startChildSite, until } from './support';
const site = await startChildSite({ hosts: 100, mdnsInterface: '127.0.0.1' });
const { core, close } = await startBenchCore({ discovery: process.argv[2] !== 'nomdns' });
if (process.argv[2] === 'nomdns') await Promise.all(site.hosts.map((h) => core.handlers['hosts.add']({ address: h.url })));
await until(async () => (await core.handlers['hosts.list']({})).filter((v) => v.access === 'ok' && v.role !== 'unknown').length >= 100, 60_000, 200);
await new Promise((r) => setTimeout(r, 5000));
const s = new Session(); s.connect();
await s.post('Profiler.enable'); await s.post('Profiler.start');
const c0 = process.cpuUsage(); (globalThis as any).__reqs = 0; (globalThis as any).__pings = 0; (globalThis as any).__errs = 0; (globalThis as any).__conns = 0;
await new Promise((r) => setTimeout(r, 10000));
const c = process.cpuUsage(c0);
const { profile } = await s.post('Profiler.stop');
console.log('cpu%', (c.user + c.system) / 1e5, (globalThis as any).__reqs, (globalThis as any).__pings, (globalThis as any).__errs, (globalThis as any).__lastErr, 'conns', (globalThis as any).__conns);
// aggregate self time by function+url
const nodes = new Map(profile.nodes.map((n: any) => [n.id, n]));
const self = new Map<string, number>();
const dt = profile.timeDeltas; const samples = profile.samples;
for (let i = 0; i < samples.length; i++) { const n: any = nodes.get(samples[i]); const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '')}:${n.callFrame.lineNumber}`; self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0)); }
const total = [...self.values()].reduce((a, b) => a + b, 0);
// aggregate by package
const byPkg = new Map<string, number>();
for (const [k, v] of self) { const url = k.split(' ')[1] ?? ''; const pkg = url.startsWith('node:') ? url.split(':')[0] + ':' + url.split(':')[1] : url.split('/')[0]; byPkg.set(pkg!, (byPkg.get(pkg!) ?? 0) + v); }
console.log([...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${(v / total * 100).toFixed(1)}% ${k}`).join('\n'));
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / total * 100).toFixed(1)}% ${k}`).join('\n'));
await close(); await site.stop();
