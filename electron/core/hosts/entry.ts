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

/**
 * A host as every part of the core sees it: read-only. The registry (registry.ts) is the only writer; a feature
 * changes what is shown with `registry.update(entry, patch)` (or one of its named methods), which marks the entry
 * changed for the view and the known-hosts file itself. The monitor keeps its polling schedule to itself.
 */
export interface HostEntry {
  readonly key: string;
  readonly confirmedId: string | null;
  readonly claimedId: string | null;
  readonly address: string;
  readonly port: number;
  readonly sources: ReadonlySet<HostSource>;
  /** Name and mode from discovery, shown until the host's own answer says otherwise. */
  readonly hintName: string | null;
  readonly hintMode: string | null;
  /** Kept in the list and shown first, even when it has not been seen for a long time. */
  readonly pinnedUi: boolean;
  /** Last answer of any kind (precise), and the value shown and saved (moves in steps of minutes while online). */
  readonly lastAnswerAt: number | null;
  readonly lastSeenShown: number | null;
  /** null = not checked yet since the console started. */
  readonly online: boolean | null;
  readonly offlineSince: number | null;
  readonly offlineReason: string | null;
  readonly cert: { readonly seen: string | null; readonly verdict: CertVerdict | null };
  readonly auth: AuthState;
  /** Set when the host names an id that is pinned to another certificate: it is not allowed to take that id. */
  readonly idConflict: string | null;
  readonly host: HostFacts | null;
  readonly settings: SettingsFacts | null;
  /** null = unknown; status null with no peers = never linked (link/status answered 404). */
  readonly link: LinkFacts | null;
  readonly token: TokenState | null;
  /** What the host's agent can do, learned once per session from its own answers (never guessed from an error). */
  readonly caps: {
    /** Has the token-state extension (GET/DELETE link/token): 200 → true; 404, 405 or 501 → false. */
    readonly tokenExtension: boolean | null;
  };
  /** Facts remembered from an earlier run, shown while the host is offline. */
  readonly remembered: {
    readonly mode?: string | null;
    readonly os?: string | null;
    readonly agentVersion?: string | null;
    readonly state?: string | null;
    readonly managementMode?: string | null;
  } | null;
  /** Made by registry.clientFor on first use. */
  readonly client: AgentClient | null;
}

/** What a feature may change on an entry through `registry.update`: its host-visible state, nothing of its identity. */
export type EntryPatch = Partial<
  Pick<
    HostEntry,
    | 'hintName'
    | 'hintMode'
    | 'pinnedUi'
    | 'lastSeenShown'
    | 'online'
    | 'offlineSince'
    | 'offlineReason'
    | 'auth'
    | 'host'
    | 'settings'
    | 'link'
    | 'token'
    | 'caps'
    | 'remembered'
  >
>;

/** The name a person knows the host by: its own, else what discovery said, else its address. */
export function displayName(e: HostEntry): string {
  return e.host?.name ?? e.hintName ?? `${e.address}:${e.port}`;
}

export function hostLabel(e: HostEntry): string {
  const name = e.host?.name ?? e.hintName;
  return name ? `${name} (${e.address}:${e.port})` : `${e.address}:${e.port}`;
}
