// What the host commands do, on the core's context: add a host by address or by a pasted token, forget the stale
// ones, trust a certificate one host at a time or a reviewed batch. The handlers (handlers/host-handlers.ts) only
// map commands onto these.
import type { BulkTrustResult, HostView } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { leaderFromToken, looksLikeToken } from '../discovery/token-address';
import { parseAddress } from '../util/address';
import { normalizeFingerprint } from '../util/fingerprint';
import { displayName, type HostEntry } from './entry';
import { staleEntries } from './stale';

const FULL = 'Fieldlink already tracks as many hosts as it can; forget some first.';

/** hosts.add: an address (the host is checked at once), or a pasted link token whose leader is added. */
export async function addHost(ctx: CoreContext, address: string): Promise<HostView> {
  const endpoint = parseAddress(address, ctx.settings().probePort);
  if (endpoint) {
    const seen = ctx.entries.observe({ address: endpoint.address, port: endpoint.port, source: 'manual' });
    if (!seen) throw new ConsoleError('conflict', FULL);
    return ctx.hosts.refresh(seen.entry.key);
  }
  // A pasted link token names its leader (when it can be read): add that host.
  const leader = leaderFromToken(address);
  if (leader) {
    ctx.redact(address.trim());
    const seen = ctx.entries.observe({ address: leader.address, port: leader.port, source: 'token', claimedId: leader.id });
    if (!seen) throw new ConsoleError('conflict', FULL);
    return ctx.hosts.refresh(seen.entry.key);
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
}

/** hosts.forgetStale: every host not seen for the staleDays setting (never one a task works on). */
export async function forgetStale(ctx: CoreContext): Promise<{ forgotten: string[] }> {
  const days = ctx.settings().staleDays ?? 14;
  const stale = staleEntries(ctx.entries.all(), days, Date.now(), (e) => ctx.entries.isHeld(e));
  for (const e of stale) await ctx.entries.forget(e);
  ctx.logger.info('stale hosts forgotten', { count: stale.length, days });
  return { forgotten: stale.map((e) => e.key) };
}

/** certificates.trust: the technician checked this fingerprint; the host is read (and logged in to) at once. */
export async function trustCertificate(ctx: CoreContext, hostId: string, fingerprint: string): Promise<HostView> {
  const e = ctx.entries.require(hostId);
  const canonical = normalizeFingerprint(fingerprint);
  if (!canonical) {
    throw new ConsoleError('invalid-input', 'That is not a SHA-256 certificate fingerprint (64 hexadecimal digits, colons allowed).', e.key);
  }
  ctx.entries.trust(e, canonical);
  ctx.logger.info('certificate trusted by the user', { host: e.key, fingerprint: canonical });
  return ctx.hosts.refresh(e.key);
}

/**
 * certificates.trustMany: one confirmation trusts every new host the technician left ticked, each with the
 * fingerprint they were shown; a changed certificate, or one that is not what was shown, is never trusted in bulk.
 */
export function trustMany(ctx: CoreContext, hosts: { hostId: string; fingerprint: string }[]): BulkTrustResult[] {
  const results = hosts.map(({ hostId, fingerprint }): BulkTrustResult => {
    let e: HostEntry | null;
    try {
      e = ctx.entries.find(hostId);
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
    ctx.entries.trust(e, shown);
    ctx.logger.info('certificate trusted by the user (bulk review)', { host: e.key, fingerprint: shown });
    return { hostId: e.key, name, trusted: true, message: null };
  });
  // Read the newly trusted hosts now (login included), as a person just asked for them.
  for (const r of results) {
    if (!r.trusted || r.message !== null) continue;
    // What the check finds (offline, login refused…) shows on each host's card; there is nobody to tell here.
    void ctx.hosts.refresh(r.hostId).catch(() => undefined);
  }
  return results;
}
