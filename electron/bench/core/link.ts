// Benchmark: link 50 followers to one leader in one command on loopback simulators (default link steps).
// Target: within 5 s, from the command to the task's end.
import { startBenchCore, startChildSite, until } from './support';

export async function benchLink(followers = 50, concurrency?: number, judged = true): Promise<Record<string, unknown>> {
  const site = await startChildSite({ hosts: followers + 1, mdnsInterface: false });
  const { core, close } = await startBenchCore();
  try {
    if (concurrency) await core.handlers['settings.set']({ linkConcurrency: concurrency });
    const addStart = Date.now();
    await Promise.all(site.hosts.map((h) => core.handlers['hosts.add']({ address: h.url })));
    await until(
      async () => (await core.handlers['hosts.list']({})).filter((v) => v.access === 'ok' && v.role === 'standalone').length === site.hosts.length,
      30_000,
    );
    const addMs = Date.now() - addStart;
    const [leader, ...rest] = site.hosts;
    const simCpu0 = await site.cpuMs();
    const cpu0 = process.cpuUsage();
    const started = Date.now();
    const { taskId } = await core.handlers['link.followers']({ leaderId: leader!.id, followerIds: rest.map((h) => h.id) });
    const task = await core.context.tasks.settled(taskId);
    const linkMs = Date.now() - started;
    const cpu = process.cpuUsage(cpu0);
    const simCpu1 = await site.cpuMs();
    const report = await core.handlers['link.validate']({ leaderId: leader!.id });
    return {
      followers,
      linkConcurrency: (await core.handlers['settings.get']({})).linkConcurrency,
      state: task.state,
      linked: task.hosts.filter((h) => h.state === 'succeeded').length,
      linkMs,
      validated: report.ok && report.followers.length === followers,
      addAndLoginAllMs: addMs,
      coreCpuMsDuringLink: Math.round((cpu.user + cpu.system) / 1000),
      simulatorCpuMsDuringLink: simCpu0 !== null && simCpu1 !== null ? Math.round(simCpu1 - simCpu0) : null,
      ...(judged ? { targetMs: 5_000, pass: task.state === 'succeeded' && linkMs <= 5_000 } : { informational: true }),
    };
  } finally {
    await close();
    await site.stop();
  }
}
