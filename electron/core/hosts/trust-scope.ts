// Which hosts "--trust-new" may trust without a person looking at the fingerprint: only the hosts the command
// names, and (with --trust-peers) the hosts those name as their link peers. Anything else that announces itself on
// the network (mDNS, a foreign site's peer lists) is never pinned, and so never logged in to, by that flag.
import { parseAddress } from '../util/address';
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
  /** Every entry, to match an address ref on the address itself. */
  all(): readonly HostEntry[];
  /** Known only from mDNS or peer-list claims: its name and id are whatever it announced. */
  claimOnly(e: HostEntry): boolean;
}

/**
 * The entry a command-line ref names, for trust. An address names the host at that address. A name or an id names a
 * host only if the technician took it in some other way than its own announcement: anything on the link can
 * announce any name or id, so a claimed name must never be enough to pin a certificate and send the site password.
 */
function namedEntry(ref: string, lookup: ScopeLookup): HostEntry | null {
  const address = parseAddress(ref);
  if (address) {
    const at = lookup.all().filter((e) => e.address === address.address && (!address.portGiven || e.port === address.port));
    return at.length === 1 ? at[0]! : null;
  }
  const found = lookup.find(ref);
  return found && !lookup.claimOnly(found) ? found : null;
}

export function inTrustScope(trustNew: TrustNew | undefined, e: HostEntry, lookup: ScopeLookup): boolean {
  if (trustNew === true) return true;
  if (!trustNew) return false;
  const named = trustNew.hosts.map((ref) => namedEntry(ref, lookup)).filter((n): n is HostEntry => n !== null);
  if (named.includes(e)) return true;
  if (!trustNew.peers) return false;
  // A peer list only counts when it came from a named host that is trusted: its answers passed the pinned check.
  return named.some((n) => n.cert.verdict === 'trusted' && (n.link?.peers ?? []).some((p) => p.address === e.address && p.port === e.port));
}
