// CoreContext: the one way a feature module of the core (linking, uploads, plans, reports) reaches it. It gives
// hosts (as views, or as read-only entries for the features that reason about host state), their authenticated
// agent clients, tasks, settings, the logger, the records linking keeps and, for the settings commands, changing
// settings and credentials (`config`), without the module reaching into the registry, the monitor, the stores or
// the vault. Entries change only through `entries.update` (the registry marks them changed); the monitor's schedule
// is touched only through `entries.hold`. Built by runtime.ts.
import type { CommandArgs, CredentialStatus, HostView, NetworkInterfaceView, SettingsView, TaskView } from '../../shared/contract';
import type { AgentClient } from './agent/client';
import type { EntryPatch, HostEntry, Observation } from './hosts/entry';
import type { RefreshOptions } from './hosts/refresh';
import type { CoreLogger } from './log';
import type { LeaderRecord } from './store/leader-record';
import type { UnlinkChoice } from './store/unlink-choice';
import type { TaskSpec } from './tasks/task-manager';

export type { AgentClient, StreamPostOptions } from './agent/client';
export type { HostResultHandle, TaskHandle, TaskSpec } from './tasks/task-manager';

export interface CoreHosts {
  /** The host a HostRef names (id, name or address); throws ConsoleError 'not-found'. */
  resolve(ref: string): HostView;
  /** The current view of every known host. */
  list(): HostView[];
  /**
   * Makes sure the host can be worked with now: it answers, its certificate is trusted and a session exists (a
   * login that failed before is tried again, as a person asked). Resolves with the fresh view; otherwise throws a
   * ConsoleError whose message says what the technician must do (trust, credentials, wait for a lockout...).
   */
  ensureReady(ref: string, signal?: AbortSignal): Promise<HostView>;
  /** Re-reads the host's state now (link status, token state, identity); resolves with the new view. */
  refresh(ref: string, signal?: AbortSignal): Promise<HostView>;
}

export interface CoreTasks {
  /**
   * Starts a task. `spec.run` gets a TaskHandle: `signal` (aborted on cancel), `phase()`, `progress()`,
   * `bytes(done, total)` (speed and time left are derived), `host(id)` for per-host results. The task's final state
   * follows from the host results (all succeeded → succeeded; some → partial) or from what `run` threw.
   * `spec.retry` builds the same task again for tasks.retry (it must re-open any file streams).
   */
  start(spec: TaskSpec): TaskView;
  get(taskId: string): TaskView;
  /** Resolves once the task ended. */
  settled(taskId: string): Promise<TaskView>;
  /** Asks the task to stop (its signal is aborted); answers its view at once. */
  cancel(taskId: string): TaskView;
}

/**
 * The host entries themselves, read-only, for the features that reason about host state (linking, plans). An entry
 * a task resolved before the registry merged it into another (the host confirmed its id at a second address) is
 * acted on through the survivor: `update`, `clientFor`, `view`, `ping`, `refresh`, `hold`, `trust` and `forget`.
 */
export interface CoreEntries {
  /** The entry a HostRef names, or null; throws ConsoleError 'invalid-input' when a name is ambiguous. */
  find(ref: string): HostEntry | null;
  /** The entry a HostRef names; throws ConsoleError 'not-found'. */
  require(ref: string): HostEntry;
  all(): HostEntry[];
  byAddress(address: string, port: number): HostEntry | undefined;
  /** Records a sighting (a leader named in a token, say); null when the host list is full. */
  observe(obs: Observation): { entry: HostEntry; created: boolean } | null;
  /** Changes what the entry shows; the view and the known-hosts file follow (registry.update). */
  update(e: HostEntry, patch: EntryPatch): void;
  clientFor(e: HostEntry): AgentClient;
  view(e: HostEntry): HostView;
  /** One liveness check now; resolves with whether the host answered (the monitor marks it online or offline). */
  ping(e: HostEntry): Promise<boolean>;
  /** Reads the host's state now (single flight with the poller's own reads). */
  refresh(e: HostEntry, opts?: RefreshOptions): Promise<void>;
  /** The poller reads nothing of these hosts until the returned release is called (a task reads them itself). */
  hold(entries: HostEntry[]): () => void;
  /** Whether a task holds the host (see hold). */
  isHeld(e: HostEntry): boolean;
  /** The technician trusts this (canonical) fingerprint for the host; fresh connections are checked against it. */
  trust(e: HostEntry, fingerprint: string): void;
  /** Forgets the host with its pinned certificate and its own credentials. */
  forget(e: HostEntry): Promise<void>;
}

export interface CoreDiscovery {
  /** Asks mDNS again now, and checks at once the hosts that do not answer. */
  rescan(): void;
  /** The computer's IPv4 interfaces, marked as mDNS uses them. */
  interfaces(): NetworkInterfaceView[];
}

/**
 * The site's settings and credentials, as the settings and credentials commands change them. Each change takes
 * effect at once: discovery follows a new interface choice, and the hosts new credentials apply to log in again.
 */
export interface CoreConfig {
  /** Saves the change and announces it ('settings.changed'); answers the settings now in force. */
  changeSettings(change: CommandArgs<'settings.set'>): Promise<SettingsView>;
  /** Which credentials are set (user names and which hosts have their own; never a password). */
  credentialStatus(): CredentialStatus;
  setSiteCredentials(credentials: { username: string; password: string }): Promise<CredentialStatus>;
  /** Credentials of the host a HostRef names, used instead of the site's; throws ConsoleError 'not-found'. */
  setHostCredentials(ref: string, credentials: { username: string; password: string }): Promise<CredentialStatus>;
  clearHostCredentials(ref: string): Promise<CredentialStatus>;
}

export interface CoreContext {
  readonly version: string;
  readonly stateDir: string;
  readonly hosts: CoreHosts;
  /**
   * The agent client of a host: `request(method, path, opts)` and `json(...)` with the session attached (one
   * re-login on 401), `postStream(path, { body: () => Readable, headers, signal, onUploadProgress })` for uploads
   * (a 401 re-reads the body from the factory), `http` (got with the pinned-certificate agent, no session) with
   * `authHeaders()` for anything else. Every failure is a ConsoleError with a technician-facing message.
   */
  agentFor(ref: string): AgentClient;
  readonly tasks: CoreTasks;
  settings(): SettingsView;
  /** Never give it a password or token; values registered with `redact` are blanked anyway. */
  readonly logger: CoreLogger;
  /** Registers a secret (e.g. a token read from a host) so it never appears in a log line. */
  redact(secret: string): void;
  /** For linking and plans: entries with their state, read-only except through `update`. */
  readonly entries: CoreEntries;
  readonly discovery: CoreDiscovery;
  /** The hosts this console made leader (see store/leader-record.ts). */
  readonly leaders: LeaderRecord;
  /** Which id a follower's agent takes in unlink?peerId=, per agent version. */
  readonly unlinkChoice: UnlinkChoice;
  /** For the settings and credentials commands. */
  readonly config: CoreConfig;
}
