// Commands about hosts, discovery and certificates, mapped onto the core's context and the host commands
// (hosts/host-commands.ts).
import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { probeTask } from '../discovery/probe';
import { addHost, forgetStale, trustCertificate, trustMany } from '../hosts/host-commands';

type HostCommands =
  | 'hosts.list'
  | 'hosts.get'
  | 'hosts.add'
  | 'hosts.forget'
  | 'hosts.forgetStale'
  | 'hosts.pin'
  | 'hosts.refresh'
  | 'discovery.rescan'
  | 'discovery.probe'
  | 'discovery.interfaces'
  | 'certificates.trust'
  | 'certificates.trustMany';

export function hostHandlers(ctx: CoreContext): Pick<Handlers, HostCommands> {
  return {
    'hosts.list': async () => ctx.hosts.list(),
    'hosts.get': async ({ host }) => ctx.hosts.resolve(host),
    'hosts.add': ({ address }) => addHost(ctx, address),
    'hosts.forget': async ({ hostId }) => ctx.entries.forget(ctx.entries.require(hostId)),
    'hosts.forgetStale': () => forgetStale(ctx),
    'hosts.pin': async ({ hostId, pinned }) => {
      const e = ctx.entries.require(hostId);
      ctx.entries.update(e, { pinnedUi: pinned });
      return ctx.entries.view(e);
    },
    // Checks liveness and reads state now, as a person asked; the view tells what came of it.
    'hosts.refresh': ({ hostId }) => ctx.hosts.refresh(hostId),
    'discovery.rescan': async () => ctx.discovery.rescan(),
    'discovery.probe': async ({ cidr, port }) => {
      const task = ctx.tasks.start(probeTask(cidr, port ?? ctx.settings().probePort, (obs) => void ctx.entries.observe(obs)));
      return { taskId: task.id };
    },
    'discovery.interfaces': async () => ctx.discovery.interfaces(),
    'certificates.trust': ({ hostId, fingerprint }) => trustCertificate(ctx, hostId, fingerprint),
    'certificates.trustMany': async ({ hosts }) => trustMany(ctx, hosts),
  };
}
