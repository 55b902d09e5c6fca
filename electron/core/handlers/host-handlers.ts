// Commands about hosts, discovery and certificates.
import type { Handlers } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { listInterfaces } from '../discovery/interfaces';
import { probeTask } from '../discovery/probe';
import { leaderFromToken, looksLikeToken } from '../discovery/token-address';
import { displayName } from '../hosts/entry';
import { findHost, requireHost } from '../hosts/resolve';
import { staleEntries } from '../hosts/stale';
import type { CoreRuntime } from '../runtime';
import { parseAddress } from '../util/address';
import { normalizeFingerprint } from '../util/fingerprint';

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

export function hostHandlers(rt: CoreRuntime): Pick<Handlers, HostCommands> {
  const entry = (ref: string) => requireHost(rt.registry, ref);
  /** Checks liveness and reads state now, as a person asked; the view tells what came of it. */
  const checkNow = async (ref: string) => {
    const e = entry(ref);
    // The check's outcome (offline, login refused…) is in the view returned below; a throw would only hide it.
    await rt.monitor.checkNow(e).catch(() => undefined);
    return rt.view(e);
  };

  return {
    'hosts.list': async () => rt.views(),
    'hosts.get': async ({ host }) => rt.view(entry(host)),

    'hosts.add': async ({ address }) => {
      const endpoint = parseAddress(address, rt.settings.get().probePort);
      if (endpoint) {
        const e = rt.observe({ address: endpoint.address, port: endpoint.port, source: 'manual' });
        if (!e) throw new ConsoleError('conflict', 'Fieldlink already tracks as many hosts as it can; forget some first.');
        return checkNow(e.key);
      }
      // A pasted link token names its leader (when it can be read): add that host.
      const leader = leaderFromToken(address);
      if (leader) {
        rt.secrets.add(address.trim());
        const e = rt.observe({ address: leader.address, port: leader.port, source: 'token', claimedId: leader.id });
        if (!e) throw new ConsoleError('conflict', 'Fieldlink already tracks as many hosts as it can; forget some first.');
        return checkNow(e.key);
      }
      if (looksLikeToken(address)) {
        throw new ConsoleError(
          'invalid-input',
          "That looks like a link token, but it does not show its leader's address (some agents encrypt it). Add the leader by the address on its console; the token itself still links a follower (Link with token).",
        );
      }
      throw new ConsoleError(
        'invalid-input',
        "That is not a host address. Type the address shown on the host's console, e.g. 192.168.1.20, 192.168.1.20:5080 or https://192.168.1.20:5080.",
      );
    },

    'hosts.forget': async ({ hostId }) => {
      await rt.registry.forget(entry(hostId));
    },

    'hosts.forgetStale': async () => {
      const days = rt.settings.get().staleDays ?? 14;
      const stale = staleEntries(rt.registry.all(), days, Date.now());
      for (const e of stale) await rt.registry.forget(e);
      rt.logger.info('stale hosts forgotten', { count: stale.length, days });
      return { forgotten: stale.map((e) => e.key) };
    },

    'hosts.pin': async ({ hostId, pinned }) => {
      const e = entry(hostId);
      e.pinnedUi = pinned;
      rt.registry.changed(e);
      return rt.view(e);
    },

    'hosts.refresh': async ({ hostId }) => checkNow(hostId),

    'discovery.rescan': async () => {
      rt.discoveryRunning?.rescan();
      for (const e of rt.registry.all()) if (e.online !== true) e.sched.nextPingAt = 0;
    },

    'discovery.probe': async ({ cidr, port }) => {
      const task = rt.tasks.start(probeTask(cidr, port ?? rt.settings.get().probePort, (obs) => void rt.observe(obs)));
      return { taskId: task.id };
    },

    'discovery.interfaces': async () => listInterfaces(rt.mdnsSelection()),

    'certificates.trust': async ({ hostId, fingerprint }) => {
      const e = entry(hostId);
      const canonical = normalizeFingerprint(fingerprint);
      if (!canonical) {
        throw new ConsoleError('invalid-input', 'That is not a SHA-256 certificate fingerprint (64 hexadecimal digits, colons allowed).', e.key);
      }
      rt.registry.trust(e, canonical);
      rt.logger.info('certificate trusted by the user', { host: e.key, fingerprint: canonical });
      return checkNow(e.key);
    },

    'certificates.trustMany': async ({ hosts }) => {
      const results = hosts.map(({ hostId, fingerprint }) => {
        let e;
        try {
          e = findHost(rt.registry, hostId);
        } catch {
          e = null;
        }
        if (!e)
          return {
            hostId,
            name: hostId,
            trusted: false,
            message: 'Fieldlink no longer knows this host (it was forgotten or went away). Nothing was trusted for it.',
          };
        const name = displayName(e);
        const shown = normalizeFingerprint(fingerprint);
        // Only a certificate seen for the first time, exactly as the technician was shown it.
        if (e.cert.verdict === 'changed') {
          return {
            hostId: e.key,
            name,
            trusted: false,
            message: `${name} presents a different certificate from the one trusted before. A changed certificate is never trusted in bulk: open the host and compare its fingerprint on its console.`,
          };
        }
        if (e.cert.verdict === 'trusted') return { hostId: e.key, name, trusted: true, message: 'Already trusted.' };
        if (!shown || e.cert.seen !== shown) {
          return {
            hostId: e.key,
            name,
            trusted: false,
            message: `${name} now presents another certificate than the fingerprint you checked. Nothing was trusted for it; review it again.`,
          };
        }
        rt.registry.trust(e, shown);
        rt.logger.info('certificate trusted by the user (bulk review)', { host: e.key, fingerprint: shown });
        return { hostId: e.key, name, trusted: true, message: null };
      });
      // Read the newly trusted hosts now (login included), as a person just asked for them.
      for (const r of results) {
        if (!r.trusted || r.message !== null) continue;
        // What the check finds (offline, login refused…) shows on each host's card; there is nobody to tell here.
        void checkNow(r.hostId).catch(() => undefined);
      }
      return results;
    },
  };
}
