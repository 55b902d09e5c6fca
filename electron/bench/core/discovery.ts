// Benchmark: 100 simulated hosts announce themselves on mDNS (loopback); how long after each announcement is the
// host listed by the core? Target: every host within 2 s.
import { startBenchCore, startChildSite, until } from './support';

export async function benchDiscovery(hosts = 100): Promise<Record<string, unknown>> {
  const { core, close } = await startBenchCore({ discovery: true, trustNew: false });
  const listedAt = new Map<string, number>();
  const onlineAt = new Map<string, number>();
  core.on('hosts.changed', ({ upserted }) => {
    const now = Date.now();
    for (const v of upserted) {
      if (!v.sources.includes('mdns')) continue;
      if (!listedAt.has(v.url)) listedAt.set(v.url, now);
      if (v.online && !onlineAt.has(v.url)) onlineAt.set(v.url, now);
    }
  });
  const site = await startChildSite({ hosts, mdnsInterface: '127.0.0.1', watchAnnouncements: true });
  try {
    const urls = site.hosts.map((h) => h.url);
    await until(async () => urls.every((u) => onlineAt.has(u)), 30_000);
    const announced = await site.announced;
    const latencies = site.hosts.map((h) => listedAt.get(h.url)! - (announced[h.id] ?? site.readyAt));
    const toOnline = site.hosts.map((h) => onlineAt.get(h.url)! - (announced[h.id] ?? site.readyAt));
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      hosts,
      announcementsTimed: site.hosts.filter((h) => announced[h.id]).length,
      listedAfterAnnouncementMs: { max: sorted.at(-1), p50: sorted[Math.floor(sorted.length / 2)], min: sorted[0] },
      onlineAfterAnnouncementMaxMs: Math.max(...toOnline),
      allListedAfterSiteReadyMs: Math.max(...site.hosts.map((h) => listedAt.get(h.url)!)) - site.readyAt,
      siteStartMs: site.readyAt - site.startedAt,
      targetMs: 2_000,
      pass: (sorted.at(-1) ?? Infinity) <= 2_000,
    };
  } finally {
    await close();
    await site.stop();
  }
}
