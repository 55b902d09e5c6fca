// `fieldlink hosts [--wait S] [--add ADDR]...`: what the console finds on the site network.
import type { HostView } from '../../../shared/contract';
import type { CliContext } from '../context';
import { asHostFailure } from '../failures';
import { hostRows } from '../output';
import { sleep } from '../wait';

export interface HostsOptions {
  waitSec: number;
  add: string[];
}

export async function hostsCommand(ctx: CliContext, options: HostsOptions): Promise<void> {
  await Promise.all(
    options.add.map(async (address) => {
      try {
        await ctx.session.call('hosts.add', { address });
      } catch (err) {
        ctx.failures.add(asHostFailure(address, err));
      }
    }),
  );
  // mDNS answers arrive over the first second or two; listening longer catches slow or sleepy hosts.
  await sleep(options.waitSec * 1000);
  const hosts = sortHosts(await ctx.session.call('hosts.list', {}));
  if (ctx.json) {
    ctx.out.json(hosts);
    return;
  }
  if (hosts.length === 0) {
    ctx.out.line(`No hosts found in ${options.waitSec} s. Try --wait 10, --mdns-interface IP, or --add ADDRESS.`);
    return;
  }
  for (const line of hostRows(hosts)) ctx.out.line(line);
}

export function sortHosts(hosts: HostView[]): HostView[] {
  return [...hosts].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
