// The host registry: every host the console knows, keyed so that one machine is one entry whichever way it was
// found.
//
// Keys. A host is keyed by "address:port" until its own answer (GET /edgehosts/current, after login over the pinned
// certificate) confirms its agent id; then the entry is re-keyed to the id. An id that mDNS, a peer list or a token
// merely *claims* never becomes a key (anyone on the network can claim anything), though it helps to resolve what
// a person types and to find a pin. Sightings at the same endpoint always land on the same entry.
//
// Merges. When a host confirms an id that another entry already holds (the host was known at another address, or
// restored from an earlier run), the entry that just answered survives under the id, takes over the other's
// sources and UI pin, and the other's endpoint becomes an alias, so later sightings there land on the survivor.
// An id whose pinned certificate differs from the one this host presented is refused: the entry stays keyed by
// address and is flagged, because that is what an impostor would look like.
//
// Writes. The registry is the only writer of an entry: everyone else holds the read-only HostEntry and changes
// what is shown with update(entry, patch) or a named method here, each of which marks the entry changed (for its
// view event and the known-hosts file) exactly when something differs. The mutable EntryState never leaves this file.
import type { CredentialStore } from '../store/credentials';
import type { PinIdentity, PinStore } from '../store/pin-store';
import type { KnownHost } from '../store/known-hosts-store';
import { AgentClient, type ClientDeps } from '../agent/client';
import { endpointKey } from '../util/address';
import { normalizeFingerprint } from '../util/fingerprint';
import { validHostId } from '../util/text';
import type { HostSource } from '../../../shared/contract';
import { hostLabel, type EntryPatch, type HostEntry, type Observation } from './entry';
import { findHost } from './resolve';
import { inTrustScope, type TrustNew } from './trust-scope';

/** A hostile network could announce without end; past this many hosts new sightings are ignored. */
export const MAX_HOSTS = 2000;
/**
 * Hosts only *claimed* by mDNS or a peer list (never taken in: not added by address, not trusted, not confirmed)
 * are kept in memory only, at most this many per source, and dropped once silent (see sweepSilent). Anyone on the
 * link can announce thousands; the technician's own hosts are never crowded out by them.
 */
export const MAX_CLAIMS_PER_SOURCE = 256;
/**
 * Of those, claims that never answered a ping: each costs a TLS connection attempt every few seconds, and a flood
 * pointing at dead addresses is made of nothing else. A real host answers its first ping and leaves this count.
 */
export const MAX_SILENT_CLAIMS_PER_SOURCE = 64;
export const DEFAULT_SILENT_MS = 10 * 60_000;
const CLAIM_SOURCES: readonly HostSource[] = ['mdns', 'peer'];
/**
 * While a host answers, its shown (and saved) last-seen time moves only every few minutes: it matters once the
 * host is gone (then it is set to the last answer exactly), and a moving clock would make events and disk writes.
 */
const LAST_SEEN_STEP_MS = 5 * 60_000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The writable entry, for this file only. */
type EntryState = Mutable<Omit<HostEntry, 'sources' | 'cert' | 'caps'>> & {
  sources: Set<HostSource>;
  cert: HostEntry['cert'];
  caps: { tokenExtension: boolean | null };
};

function newEntry(key: string, address: string, port: number): EntryState {
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
  };
}

/**
 * Equal for a patch: the same value, or plain records and lists equal field by field (auth, caps, host facts, and
 * link facts with their peer list, which a read builds afresh each time). Deeper than a patch's data goes is unequal.
 */
function same(a: unknown, b: unknown, depth = 0): boolean {
  if (Object.is(a, b)) return true;
  if (depth > 3 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i], depth + 1));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra);
  // Key by key on both sides: { mode: undefined } is not { os: undefined }.
  return ka.length === Object.keys(rb).length && ka.every((k) => Object.hasOwn(rb, k) && same(ra[k], rb[k], depth + 1));
}

export interface RegistryDeps extends ClientDeps {
  pins: PinStore;
  credentials: CredentialStore;
  /** --trust-new: which first-seen certificates may be trusted without a person (see trust-scope.ts). */
  trustNew: TrustNew;
  /** The entry's view may have changed. */
  changed(e: HostEntry): void;
  /** The key no longer names a host (forgotten, or re-keyed to its id). */
  removed(key: string): void;
  /** The technician forgot these keys (or the host was re-keyed): a saved record under them must go too. */
  erased?(keys: string[]): void;
  /** The host's connection closed: the monitor checks it at once (a host that crashed or rebooted). */
  connectionLost?(e: HostEntry): void;
  /** A task is working on the host (monitor.hold): a silent claim is not dropped meanwhile. */
  held?(e: HostEntry): boolean;
  /** `gone` was merged into `survivor` (confirm): what the monitor keeps for `gone` (a task's hold) moves over. */
  merged?(survivor: HostEntry, gone: HostEntry): void;
}

export class HostRegistry {
  private readonly entries = new Map<string, EntryState>();
  private readonly byEndpoint = new Map<string, EntryState>();
  private readonly aliases = new Map<string, EntryState>();
  private warnedFull = false;
  /** Entries created by an unconfirmed claim, per source; pruned lazily as they are taken in or dropped. */
  private readonly claims = new Map<HostSource, Set<EntryState>>();
  /** When a source last announced the entry (memory only). */
  private readonly sightedAt = new WeakMap<EntryState, number>();
  private readonly warnedClaims = new Set<HostSource>();
  /** Entries merged into another, and the one each went into (see current). */
  private readonly mergedInto = new WeakMap<EntryState, EntryState>();
  /** Clients of merged entries finishing their calls under way (AgentClient.retire), and the entry each went into. */
  private readonly retired = new Map<AgentClient, EntryState>();

  constructor(private readonly deps: RegistryDeps) {}

  all(): HostEntry[] {
    return [...this.entries.values()];
  }

  get(key: string): HostEntry | undefined {
    return this.entries.get(key);
  }

  byAddress(address: string, port: number): HostEntry | undefined {
    const ep = endpointKey({ address, port });
    return this.byEndpoint.get(ep) ?? this.aliases.get(ep);
  }

  identity(e: HostEntry): PinIdentity {
    return { confirmedId: e.confirmedId, claimedId: e.claimedId, endpoint: endpointKey(e) };
  }

  /** The writable state of an entry this registry made (every HostEntry is one). */
  private state(e: HostEntry): EntryState {
    return e as EntryState;
  }

  /**
   * The entry that stands for `e` now: `e` itself, or the entry it was merged into (confirm). A task that resolved a
   * host before the merge still holds the old object; the context (runtime.ts) sends what it does to the survivor, so
   * it talks to the address that answers and the host's card shows its writes.
   */
  current(e: HostEntry): HostEntry {
    let s = this.state(e);
    for (let next = this.mergedInto.get(s); next; next = this.mergedInto.get(s)) s = next;
    return s;
  }

  /** The entry's view may differ now: tell the change feed, unless the entry was dropped or merged meanwhile. */
  private notify(e: EntryState): void {
    if (this.entries.get(e.key) === e) this.deps.changed(e);
  }

  /**
   * The one way for the rest of the core to change what an entry shows. Fields equal to the current ones (small
   * records such as auth or caps compared field by field) are left alone; when anything differed the entry is
   * marked changed, once. Returns whether anything changed.
   */
  update(e: HostEntry, patch: EntryPatch): boolean {
    const s = this.state(e);
    let dirty = false;
    for (const key of Object.keys(patch) as (keyof EntryPatch)[]) {
      const next = patch[key];
      if (next === undefined || same(s[key], next)) continue;
      (s as Record<keyof EntryPatch, unknown>)[key] = next;
      dirty = true;
    }
    if (dirty) this.notify(s);
    return dirty;
  }

  /** New credentials apply to the host: the session made with the old ones is not used again. */
  dropSession(e: HostEntry): void {
    e.client?.resetAuth();
    this.update(e, { auth: { kind: 'none' } });
  }

  /** The host's own credentials were set or cleared: its view says whether it has some. */
  credentialsChanged(e: HostEntry): void {
    this.notify(this.state(e));
  }

  /** Records a sighting; returns the entry (new or existing), or null when the registry is full. */
  observe(obs: Observation): { entry: HostEntry; created: boolean } | null {
    const ep = endpointKey(obs);
    let e = this.byEndpoint.get(ep);
    if (!e) {
      const aliased = this.aliases.get(ep);
      if (aliased && this.entries.get(aliased.key) === aliased && (!obs.claimedId || obs.claimedId === aliased.confirmedId)) e = aliased;
      else this.aliases.delete(ep);
    }
    let created = false;
    if (!e) {
      const claim = CLAIM_SOURCES.includes(obs.source);
      if (claim && !this.roomForClaim(obs.source)) return null;
      // A host the technician adds by address always gets in: an unconfirmed claim makes room for it.
      if (this.entries.size >= MAX_HOSTS && !(obs.source === 'manual' && this.evictOneClaim())) {
        if (!this.warnedFull) this.deps.logger.warn('host list full: further sightings ignored', { max: MAX_HOSTS });
        this.warnedFull = true;
        if (obs.source !== 'manual') return null;
      }
      e = newEntry(ep, obs.address, obs.port);
      this.entries.set(e.key, e);
      this.byEndpoint.set(ep, e);
      if (claim) this.claimSet(obs.source).add(e);
      created = true;
    }
    this.sightedAt.set(e, Date.now());
    let dirty = created;
    if (!e.sources.has(obs.source)) {
      e.sources.add(obs.source);
      dirty = true;
    }
    if (obs.name && obs.name !== e.hintName) {
      e.hintName = obs.name;
      dirty ||= !e.host?.name;
    }
    if (obs.mode && obs.mode !== e.hintMode) {
      e.hintMode = obs.mode;
      dirty ||= !e.host?.mode;
    }
    const claim = validHostId(obs.claimedId);
    if (claim && !e.confirmedId) e.claimedId = claim;
    if (dirty) this.notify(e);
    return { entry: e, created };
  }

  /** The host's own answer named `id`: re-key (and merge) as described at the top of this file. */
  confirm(entry: HostEntry, id: string): HostEntry {
    const e = this.state(entry);
    if (e.confirmedId === id && e.key === id) return e;
    const fingerprint = e.cert.seen;
    if (fingerprint && e.confirmedId !== id && this.deps.pins.idPinnedElsewhere(id, fingerprint)) {
      const message = `This host says it is ${id}, but Fieldlink trusted that host with another certificate. Check which machine answers at ${e.address}:${e.port} before trusting it.`;
      if (e.idConflict !== message) {
        e.idConflict = message;
        this.deps.logger.warn('host claims the id of another pinned host', { host: hostLabel(e), id });
        this.notify(e);
      }
      return e;
    }
    e.idConflict = null;
    if (fingerprint) this.deps.pins.confirm(endpointKey(e), id, fingerprint);
    const other = this.entries.get(id);
    if (other && other !== e) this.absorb(e, other);
    this.rekey(e, id);
    e.confirmedId = id;
    e.claimedId = id;
    this.notify(e);
    return e;
  }

  /**
   * The technician forgets the host: its entry, its pinned certificate and its own credentials go, so the next
   * contact (an mDNS announcement, an address typed again) starts from scratch and asks for trust again.
   */
  async forget(entry: HostEntry): Promise<void> {
    const e = this.state(entry);
    const endpoints = [endpointKey(e), ...[...this.aliases].filter(([, target]) => target === e).map(([ep]) => ep)];
    const ids = [e.confirmedId, e.key].filter((id): id is string => id !== null);
    this.drop(e);
    this.deps.erased?.([...new Set([e.key, ...endpoints, ...ids])]);
    this.deps.pins.forget({ endpoints, ids });
    for (const key of new Set([e.key, ...endpoints, ...ids])) {
      if (this.deps.credentials.hasOverride(key)) await this.deps.credentials.clearHost(key);
    }
    this.deps.logger.info('host forgotten with its certificate and credentials', { host: hostLabel(e) });
  }

  /** True once the technician took the host in: added by address or token, probed, trusted, confirmed or pinned. */
  isTakenIn(e: HostEntry): boolean {
    if (e.confirmedId !== null || e.pinnedUi || e.cert.verdict === 'trusted') return true;
    for (const s of e.sources) if (!CLAIM_SOURCES.includes(s)) return true;
    return this.deps.pins.pinnedFor(this.identity(e)) !== null;
  }

  /**
   * Drops the hosts only claimed by mDNS or a peer list that neither announced themselves nor answered for
   * `silentMs`: a flood of announcements leaves nothing behind once it stops.
   */
  sweepSilent(silentMs = DEFAULT_SILENT_MS, now = Date.now()): number {
    let dropped = 0;
    for (const set of this.claims.values()) {
      for (const e of set) {
        if (this.entries.get(e.key) !== e || this.isTakenIn(e)) {
          set.delete(e);
          continue;
        }
        const last = Math.max(this.sightedAt.get(e) ?? 0, e.lastAnswerAt ?? 0);
        if (now - last > silentMs && !this.deps.held?.(e)) {
          this.drop(e);
          dropped++;
        }
      }
    }
    return dropped;
  }

  /** Removes the entry from memory only (nothing about it is erased from the state files). */
  private drop(e: EntryState): void {
    if (this.entries.get(e.key) !== e) return;
    this.entries.delete(e.key);
    this.byEndpoint.delete(endpointKey(e));
    for (const [ep, target] of this.aliases) if (target === e) this.aliases.delete(ep);
    for (const set of this.claims.values()) set.delete(e);
    e.client?.close();
    e.client = null;
    this.deps.removed(e.key);
  }

  private claimSet(source: HostSource): Set<EntryState> {
    let set = this.claims.get(source);
    if (!set) this.claims.set(source, (set = new Set()));
    return set;
  }

  private roomForClaim(source: HostSource): boolean {
    const set = this.claimSet(source);
    const silent = () => {
      let n = 0;
      for (const e of set) if (e.lastAnswerAt === null) n++;
      return n;
    };
    if (set.size < MAX_CLAIMS_PER_SOURCE && (set.size < MAX_SILENT_CLAIMS_PER_SOURCE || silent() < MAX_SILENT_CLAIMS_PER_SOURCE)) return true;
    for (const e of set) if (this.entries.get(e.key) !== e || this.isTakenIn(e)) set.delete(e);
    if (set.size < MAX_CLAIMS_PER_SOURCE && silent() < MAX_SILENT_CLAIMS_PER_SOURCE) return true;
    if (!this.warnedClaims.has(source)) {
      this.warnedClaims.add(source);
      this.deps.logger.warn('too many unconfirmed hosts announced: further announcements ignored until some go silent', { source, max: MAX_CLAIMS_PER_SOURCE });
    }
    return false;
  }

  /** Makes room by dropping the unconfirmed claim heard from longest ago; false when there is none. */
  private evictOneClaim(): boolean {
    let oldest: EntryState | null = null;
    let oldestAt = Infinity;
    for (const set of this.claims.values()) {
      for (const e of set) {
        if (this.entries.get(e.key) !== e || this.isTakenIn(e)) continue;
        const at = Math.max(this.sightedAt.get(e) ?? 0, e.lastAnswerAt ?? 0);
        if (at < oldestAt) [oldest, oldestAt] = [e, at];
      }
    }
    if (!oldest) return false;
    this.drop(oldest);
    return true;
  }

  /** The entry's agent client, made on first use. */
  clientFor(entry: HostEntry): AgentClient {
    const e = this.state(entry);
    e.client ??= new AgentClient(
      {
        hostId: () => e.key,
        label: () => hostLabel(e),
        endpoint: () => ({ address: e.address, port: e.port }),
        checkCertificate: (fp) => this.checkCertificate(e, fp),
        onAuthChange: (state) => {
          e.auth = state;
          this.notify(e);
        },
        onAnswer: () => this.sawAnswer(e),
        // A host that crashed or rebooted closes its connections: no need to wait for the next beat.
        onConnectionLost: () => this.deps.connectionLost?.(e),
      },
      this.deps,
    );
    return e.client;
  }

  /** Trust decision for a new connection, remembered on the entry for the view. */
  checkCertificate(entry: HostEntry, fingerprint: string): 'trusted' | 'unknown' | 'changed' {
    const e = this.state(entry);
    const seen = normalizeFingerprint(fingerprint) ?? fingerprint;
    let verdict = this.deps.pins.verdict(this.identity(e), seen);
    if (
      verdict === 'unknown' &&
      inTrustScope(this.deps.trustNew, e, { find: (ref) => this.scopeFind(ref), all: () => this.all(), claimOnly: (x) => !this.isTakenIn(x) })
    ) {
      this.deps.pins.trust(this.identity(e), seen);
      this.deps.logger.info('certificate trusted on first use (trust-new)', { host: hostLabel(e), fingerprint: seen });
      verdict = 'trusted';
    }
    if (e.cert.seen !== seen || e.cert.verdict !== verdict) {
      const wasTrusted = e.cert.verdict === 'trusted';
      e.cert = { seen, verdict };
      // A session made over the old certificate must not be used again.
      if (wasTrusted && verdict !== 'trusted') e.client?.resetAuth();
      if (verdict === 'changed') this.deps.logger.warn('host certificate changed', { host: hostLabel(e), fingerprint: seen });
      this.notify(e);
    }
    return verdict;
  }

  private scopeFind(ref: string): HostEntry | null {
    try {
      return findHost(this, ref);
    } catch {
      return null; // ambiguous (two hosts of that name): trust neither
    }
  }

  /** The user trusts `fingerprint` for this host. */
  trust(entry: HostEntry, fingerprint: string): void {
    const e = this.state(entry);
    this.deps.pins.trust(this.identity(e), fingerprint);
    e.idConflict = null;
    e.cert = { seen: e.cert.seen, verdict: e.cert.seen === null || e.cert.seen === fingerprint ? (e.cert.seen ? 'trusted' : null) : 'changed' };
    // Fresh connections, so every socket is checked against the new pin (those of entries merged into it too).
    e.client?.close();
    e.client = null;
    for (const [client, into] of this.retired) {
      if (into !== e) continue;
      client.close();
      this.retired.delete(client);
    }
    this.notify(e);
  }

  /** An answer arrived: the host is alive. */
  sawAnswer(entry: HostEntry, now = Date.now()): void {
    const e = this.state(entry);
    e.lastAnswerAt = now;
    if (e.lastSeenShown === null || now - e.lastSeenShown >= LAST_SEEN_STEP_MS) {
      e.lastSeenShown = now;
      this.notify(e);
    }
  }

  /** Puts back a host saved by an earlier run (offline until it answers). */
  restore(k: KnownHost): void {
    const id = validHostId(k.confirmedId);
    const key = id ?? endpointKey(k);
    if (this.entries.has(key) || this.byEndpoint.has(endpointKey(k))) return;
    const e = newEntry(key, k.address, k.port);
    e.confirmedId = id;
    e.claimedId = id ?? validHostId(k.claimedId);
    e.hintName = k.name;
    for (const s of k.sources) e.sources.add(s);
    e.pinnedUi = k.pinned;
    e.lastSeenShown = k.lastSeen;
    e.remembered = k.facts ?? null;
    this.entries.set(key, e);
    this.byEndpoint.set(endpointKey(k), e);
    // A claim saved by an older version: it has one silent period to show up, like a fresh announcement.
    const claimSource = [...e.sources].find((s) => CLAIM_SOURCES.includes(s));
    if (claimSource && !this.isTakenIn(e)) {
      this.claimSet(claimSource).add(e);
      this.sightedAt.set(e, Date.now());
    }
  }

  toKnown(e: HostEntry): KnownHost {
    return {
      key: e.key,
      confirmedId: e.confirmedId,
      claimedId: e.claimedId,
      name: e.host?.name ?? e.hintName,
      address: e.address,
      port: e.port,
      sources: [...e.sources].sort(),
      lastSeen: e.lastSeenShown,
      pinned: e.pinnedUi,
      facts: {
        mode: e.host?.mode ?? e.remembered?.mode ?? null,
        os: e.host?.os ?? e.remembered?.os ?? null,
        agentVersion: e.host?.agentVersion ?? e.remembered?.agentVersion ?? null,
        state: e.host?.state ?? e.remembered?.state ?? null,
        managementMode: e.settings?.managementMode ?? e.host?.managementMode ?? e.remembered?.managementMode ?? null,
      },
    };
  }

  closeClients(): void {
    for (const e of this.entries.values()) {
      e.client?.close();
      e.client = null;
    }
    for (const client of this.retired.keys()) client.close();
    this.retired.clear();
  }

  private absorb(survivor: EntryState, gone: EntryState): void {
    for (const s of gone.sources) survivor.sources.add(s);
    survivor.pinnedUi ||= gone.pinnedUi;
    survivor.remembered ??= gone.remembered;
    survivor.hintName ??= gone.hintName;
    const goneEp = endpointKey(gone);
    this.entries.delete(gone.key);
    if (this.byEndpoint.get(goneEp) === gone) this.byEndpoint.delete(goneEp);
    if (goneEp !== endpointKey(survivor)) this.aliases.set(goneEp, survivor);
    for (const [ep, target] of this.aliases) if (target === gone) this.aliases.set(ep, survivor);
    // Calls under way on the old entry (a validation reading the host just then) finish; later ones use the survivor's.
    for (const client of this.retired.keys()) if (client.isClosed) this.retired.delete(client);
    if (gone.client) this.retired.set(gone.client, survivor);
    gone.client?.retire();
    gone.client = null;
    this.mergedInto.set(gone, survivor);
    this.deps.merged?.(survivor, gone);
    this.deps.logger.info('host entries merged', { host: hostLabel(survivor), from: goneEp });
    // No 'removed' for gone.key: the survivor takes that key, and its upsert replaces the old view.
  }

  private rekey(e: EntryState, key: string): void {
    if (e.key === key) return;
    const old = e.key;
    this.entries.delete(old);
    e.key = key;
    this.entries.set(key, e);
    this.deps.removed(old);
    this.deps.erased?.([old]);
    // A per-host password that could not follow the new key is asked for again on the card; nothing else depends on it.
    void this.deps.credentials.rename(old, key).catch(() => undefined);
  }
}
