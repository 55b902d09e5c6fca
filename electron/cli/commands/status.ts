// `fieldlink status [HOST]`: one host in detail, or every host found with a fresh read of each.
import type { HostView } from '../../../shared/contract';
import { resolveHost, type CliContext } from '../context';
import { asHostFailure } from '../failures';
import { findHost } from '../find-host';
import { readyHost } from '../host-ready';
import { hostDetail, hostRows } from '../output';
import { mapLimit, sleep } from '../wait';
import { sortHosts } from './hosts';

export async function statusCommand(ctx: CliContext, ref: string | undefined, discoverSec: number): Promise<void> {
  if (ref) return statusOfOne(ctx, ref);
  await sleep(discoverSec * 1000);
  const known = sortHosts(await ctx.session.call('hosts.list', {}));
  const views = await mapLimit(known, 8, async (host) => {
    try {
      return await readyHost(ctx.session, host, { trustNew: ctx.trustNew, timeoutMs: ctx.readyTimeoutMs });
    } catch (err) {
      ctx.failures.add(asHostFailure(host.name || host.address, err));
      return (await latest(ctx, host)) ?? host;
    }
  });
  if (ctx.json) ctx.out.json(views);
  else if (views.length === 0) ctx.out.line(`No hosts found in ${discoverSec} s.`);
  else for (const line of hostRows(views)) ctx.out.line(line);
}

async function statusOfOne(ctx: CliContext, ref: string): Promise<void> {
  let view: HostView | undefined;
  try {
    view = await resolveHost(ctx, ref);
  } catch (err) {
    ctx.failures.add(asHostFailure(ref, err));
    // Still show what is known (its access state says why it failed), when the host was found at all.
    const found = await findHost(ctx.session, ref, { timeoutMs: 0 }).catch(() => undefined);
    view = found && (await latest(ctx, found));
  }
  if (!view) return;
  if (ctx.json) ctx.out.json(view);
  else for (const line of hostDetail(view)) ctx.out.line(line);
}

async function latest(ctx: CliContext, host: HostView): Promise<HostView | undefined> {
  // A host forgotten meanwhile has no newer view: the caller keeps the one it has.
  return ctx.session.call('hosts.get', { host: host.id }).catch(() => undefined);
}
