// What the core knows about one host. Keyed by the agent id once the host itself confirmed it (its own
// /edgehosts/current after login), and by "address:port" until then; see registry.ts for how entries merge.
import type { HostSource, TokenState } from '../../../shared/contract';
import type { AgentClient, AuthState } from '../agent/client';
import type { HostFacts, LinkFacts, SettingsFacts } from '../agent/schemas';
import type { CertVerdict } from '../store/pin-store';

/** One sighting of a host by a discovery source. Every field is already validated and bounded. */
export interface Observation {
  address: string;
  port: number;
  source: HostSource;
  /** The id the source says the host has (mDNS TXT, a peer list, a token): untrusted until the host confirms it. */
  claimedId?: string | null;
  name?: string | null;
  mode?: string | null;
}

export interface HostEntry {
  key: string;
  confirmedId: string | null;
  claimedId: string | null;
  address: string;
  port: number;
  sources: Set<HostSource>;
  /** Name and mode from discovery, shown until the host's own answer says otherwise. */
  hintName: string | null;
  hintMode: string | null;
  /** Kept in the list and shown first, even when it has not been seen for a long time. */
  pinnedUi: boolean;
  /** Last answer of any kind (precise), and the value shown and saved (moves in steps of minutes while online). */
  lastAnswerAt: number | null;
  lastSeenShown: number | null;
  /** null = not checked yet since the console started. */
  online: boolean | null;
  offlineSince: number | null;
  offlineReason: string | null;
  cert: { seen: string | null; verdict: CertVerdict | null };
  auth: AuthState;
  /** Set when the host names an id that is pinned to another certificate: it is not allowed to take that id. */
  idConflict: string | null;
  host: HostFacts | null;
  settings: SettingsFacts | null;
  /** null = unknown; status null with no peers = never linked (link/status answered 404). */
  link: LinkFacts | null;
  token: TokenState | null;
  /** What the host's agent can do, learned once per session from its own answers (never guessed from an error). */
  caps: {
    /** Has the token-state extension (GET/DELETE link/token): 200 → true; 404, 405 or 501 → false. */
    tokenExtension: boolean | null;
  };
  /** Facts remembered from an earlier run, shown while the host is offline. */
  remembered: { mode?: string | null; os?: string | null; agentVersion?: string | null; state?: string | null; managementMode?: string | null } | null;
  client: AgentClient | null;
  sched: {
    /** When the next beat (one request) is due. */
    nextPingAt: number;
    /** A beat is under way. */
    pinging: boolean;
    /** Check liveness at the next tick even though the host answered recently (its connection was closed). */
    urgent: boolean;
    /** Beats so far, to walk the cycle of reads. */
    beats: number;
    /** A full read is wanted (the host is new or came back), and when the last one started. */
    fullDue: boolean;
    lastFullAt: number;
    refreshing: Promise<void> | null;
    /** Tasks working on the host read it themselves; the poller leaves it alone meanwhile. */
    holds: number;
  };
}

export function newEntry(key: string, address: string, port: number): HostEntry {
  return {
    key,
    confirmedId: null,
    claimedId: null,
    address,
    port,
    sources: new Set(),
    hintName: null,
    hintMode: null,
    pinnedUi: false,
    lastAnswerAt: null,
    lastSeenShown: null,
    online: null,
    offlineSince: null,
    offlineReason: null,
    cert: { seen: null, verdict: null },
    auth: { kind: 'none' },
    idConflict: null,
    host: null,
    settings: null,
    link: null,
    token: null,
    caps: { tokenExtension: null },
    remembered: null,
    client: null,
    sched: { nextPingAt: 0, pinging: false, urgent: false, beats: 0, fullDue: true, lastFullAt: 0, refreshing: null, holds: 0 },
  };
}

/** The name a person knows the host by: its own, else what discovery said, else its address. */
export function displayName(e: HostEntry): string {
  return e.host?.name ?? e.hintName ?? `${e.address}:${e.port}`;
}

export function hostLabel(e: HostEntry): string {
  const name = e.host?.name ?? e.hintName;
  return name ? `${name} (${e.address}:${e.port})` : `${e.address}:${e.port}`;
}
