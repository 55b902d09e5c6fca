// A simulated site in its own process, so the benchmarks measure the core's CPU and nothing of the simulator's.
// Usage: tsx sim-child.ts '<StartSiteOptions as JSON>'. Prints one JSON line with the hosts once they are up,
// then `{"announced": {id: epochMs}}`: when each host's first mDNS announcement was sent. Stops on SIGTERM or
// stdin end.
import { MdnsAnnouncer, type AnnouncedHost } from '../../../simulator/mdns';
import { startSite, type StartSiteOptions } from '../../../simulator/site';

const options = JSON.parse(process.argv[2] ?? '{}') as StartSiteOptions & { watchAnnouncements?: boolean };
const heard: Record<string, number> = {};
if (options.watchAnnouncements) {
  // Instrumentation only: note the moment each announcement leaves, then let the simulator send it as usual.
  const announce = MdnsAnnouncer.prototype.announce;
  MdnsAnnouncer.prototype.announce = function (this: MdnsAnnouncer, host: AnnouncedHost) {
    heard[host.id] ??= Date.now();
    return announce.call(this, host);
  };
}
const startedAt = Date.now();
const site = await startSite({ ...options, log: () => undefined });
process.stdout.write(
  `${JSON.stringify({ startedAt, readyAt: Date.now(), hosts: site.hosts.map((h) => ({ id: h.id, name: h.name, url: h.url, port: h.port, fingerprint: h.fingerprint })) })}\n`,
);
if (options.watchAnnouncements) process.stdout.write(`${JSON.stringify({ announced: heard })}\n`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await site.stop();
  process.exit(0);
};
// reason: a failed stop leaves this child to be killed by the benchmark, which reports the run as it ends
process.on('SIGTERM', () => void stop());
// reason: as above
process.stdin.on('end', () => void stop());
process.stdin.resume();
