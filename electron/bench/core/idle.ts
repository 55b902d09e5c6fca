// Benchmark: CPU of the core while it watches 100 known, logged-in hosts and nothing changes (liveness pings,
// state polls, mDNS re-queries), measured with process.cpuUsage over ~20 s. The simulator runs in another process.
// Target: below 2 % of one core.
import { startBenchCore, startChildSite, until } from './support';

export async function benchIdle(hosts = 100, seconds = 20): Promise<Record<string, unknown>> {
  const site = await startChildSite({ hosts, mdnsInterface: '127.0.0.1' });
  const { core, close } = await startBenchCore({ discovery: true });
  try {
    await until(async () => (await core.handlers['hosts.list']({})).filter((v) => v.access === 'ok' && v.role !== 'unknown').length >= hosts, 60_000, 200);
    let events = 0;
    const last = new Map<string, string>();
    const changedFields = new Set<string>();
    core.on('hosts.changed', ({ upserted }) => {
      events++;
      for (const v of upserted) {
        const before = last.get(v.id);
        if (before && events > 0) {
          const b = JSON.parse(before) as Record<string, unknown>;
          for (const [k, val] of Object.entries(v)) if (JSON.stringify(val) !== JSON.stringify(b[k])) changedFields.add(k);
        }
        last.set(v.id, JSON.stringify(v));
      }
    });
    for (const v of await core.handlers['hosts.list']({})) last.set(v.id, JSON.stringify(v));
    await new Promise((r) => setTimeout(r, 5_000)); // let the first full reads settle
    events = 0;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const cpu = process.cpuUsage(cpu0);
    const wallUs = Number(process.hrtime.bigint() - t0) / 1000;
    const percent = ((cpu.user + cpu.system) / wallUs) * 100;
    return {
      hosts,
      seconds,
      cpuPercentOfOneCore: Math.round(percent * 100) / 100,
      userMs: Math.round(cpu.user / 1000),
      systemMs: Math.round(cpu.system / 1000),
      hostsChangedEventsWhileIdle: events,
      fieldsThatChanged: [...changedFields],
      targetPercent: 2,
      pass: percent < 2,
    };
  } finally {
    await close();
    await site.stop();
  }
}
