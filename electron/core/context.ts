// CoreContext: what a feature module built on the core (content uploads, in electron/core/uploads/) may use.
// It gives access to hosts, their authenticated agent clients, tasks, settings and the logger, without the module
// reaching into the registry, the stores or the vault.
import type { HostView, SettingsView, TaskView } from '../../shared/contract';
import type { AgentClient } from './agent/client';
import type { CoreLogger } from './log';
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
}
