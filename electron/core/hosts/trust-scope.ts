// Which hosts "--trust-new" may trust without a person looking at the fingerprint: only the hosts the command
// names, and (with --trust-peers) the hosts those name as their link peers. Anything else that announces itself on
// the network (mDNS, a foreign site's peer lists) is never pinned, and so never logged in to, by that flag.
import type { HostEntry } from './entry';

/** `true` = every first-seen certificate (tests and benchmarks on simulated sites only); a scope otherwise. */
export type TrustNew = boolean | TrustScope;

export interface TrustScope {
  /** Host refs as typed on the command line: id, name or address (`ip`, `ip:port`, `https://ip:port`). */
  hosts: readonly string[];
  /** Also trust the link peers the named hosts report (read over their pinned, logged-in connection). */
  peers?: boolean;
}

export interface ScopeLookup {
  /** The entry a ref names, or null (also when it is ambiguous, e.g. two hosts with that name). */
  find(ref: string): HostEntry | null;
}

export function inTrustScope(trustNew: TrustNew | undefined, e: HostEntry, lookup: ScopeLookup): boolean {
  if (trustNew === true) return true;
  if (!trustNew) return false;
  const named = trustNew.hosts.map((ref) => lookup.find(ref)).filter((n): n is HostEntry => n !== null);
  if (named.includes(e)) return true;
  if (!trustNew.peers) return false;
  // A peer list only counts when it came from a named host that is trusted: its answers passed the pinned check.
  return named.some((n) => n.cert.verdict === 'trusted' && (n.link?.peers ?? []).some((p) => p.address === e.address && p.port === e.port));
}
