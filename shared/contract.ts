// The one contract between the Fieldlink UI and its core. The preload, the ipcMain handlers, the WebSocket bridge,
// the renderer's client and the CLI are all derived from `commands` and `events` below; nothing lists channels by hand.
import { z } from 'zod';

/** Phantom marker: carries an output or event payload type without any runtime value. */
const type = <T>() => undefined as unknown as T;

// ---------------------------------------------------------------------------------------------------------------
// Domain views (what the core tells the UI). Text in them that came from a host or from mDNS is untrusted: render
// it as text only.

export type HostSource = 'mdns' | 'manual' | 'peer' | 'token' | 'probe';
export type HostRole = 'leader' | 'follower' | 'standalone' | 'unknown';

/** Why the console can or cannot work with a host right now. */
export type HostAccess = 'ok' | 'needs-credentials' | 'auth-failed' | 'locked-out' | 'needs-trust' | 'certificate-changed' | 'unreachable' | 'checking';

export interface PeerView {
  id: string;
  name: string | null;
  address: string;
  port: number;
  role: string;
  status: string;
  health: 'Healthy' | 'Unhealthy' | null;
  healthReason: string | null;
  contentSyncStatus: string | null;
}

export interface TokenState {
  generating: boolean;
  remainingSec: number;
  intervalSec: number;
  /** Epoch ms when `remainingSec` was read, so a UI can count down without asking again. */
  readAt: number;
  /** 'unsupported' when the host's agent lacks the token-state extension (its Local UI must be used). */
  support: 'ok' | 'unsupported';
  /**
   * Set when a stop was asked of an agent without a call for it and handed to its Local UI: shown as not generating
   * (Fieldlink no longer reads its token), though whether it stopped cannot be seen from here.
   */
  stopUnconfirmed?: boolean;
}

export interface HostView {
  id: string;
  name: string;
  url: string;
  address: string;
  port: number;
  sources: HostSource[];
  online: boolean;
  lastSeen: string | null;
  pinned: boolean;
  access: HostAccess;
  accessMessage: string | null;
  /** Seconds until a locked-out login may be tried again. */
  retryAfterSec: number | null;
  fingerprint: string | null;
  /** The certificate fingerprint seen now when it is new or differs from the pinned one. */
  offeredFingerprint: string | null;
  role: HostRole;
  state: string | null;
  mode: string | null;
  os: string | null;
  agentVersion: string | null;
  managementMode: string | null;
  multiNode: boolean | null;
  health: 'Healthy' | 'Unhealthy' | null;
  linkStatus: string | null;
  linkError: string | null;
  leaderId: string | null;
  peers: PeerView[];
  token: TokenState | null;
  credentialOverride: boolean;
}

/** One row of certificates.trustMany: trusted, or refused with the reason in the technician's words. */
export interface BulkTrustResult {
  hostId: string;
  name: string;
  trusted: boolean;
  message: string | null;
}

export type TaskKind = 'make-leader' | 'link' | 'unlink' | 'stop-token' | 'upload' | 'probe' | 'validate' | 'apply-plan';
export type TaskState = 'queued' | 'running' | 'succeeded' | 'failed' | 'partial' | 'cancelled';
export type HostResultState = 'pending' | 'running' | 'succeeded' | 'failed' | 'refused' | 'cancelled';

export interface TaskHostResult {
  hostId: string;
  name: string;
  state: HostResultState;
  message: string | null;
  /** Upload sync to a follower, or link progress: a short phrase such as 'InProgress 40%'. */
  detail: string | null;
}

export interface TaskProgress {
  done: number;
  total: number;
  unit: 'hosts' | 'bytes' | 'addresses';
}

export interface TaskView {
  id: string;
  kind: TaskKind;
  title: string;
  state: TaskState;
  phase: string | null;
  progress: TaskProgress | null;
  bytesPerSec: number | null;
  etaSec: number | null;
  hosts: TaskHostResult[];
  error: ErrorInfo | null;
  startedAt: string;
  endedAt: string | null;
  cancellable: boolean;
  retryable: boolean;
  /** The task this one retries, if any. */
  retryOf: string | null;
}

export interface PreflightResult {
  hostId: string;
  name: string;
  ok: boolean;
  reasons: string[];
  /**
   * What preflight could not check on this host, or what neither the seed nor the spec requires (a missing
   * installation mode, central management): said to the technician, but the host may still be linked.
   */
  warnings?: string[];
}

export interface ValidationReport {
  leaderId: string;
  ok: boolean;
  followers: { hostId: string; name: string; ok: boolean; message: string }[];
}

export interface NetworkInterfaceView {
  name: string;
  address: string;
  selected: boolean;
  internal: boolean;
}

export interface SettingsView {
  /** 'all' = every non-internal IPv4 interface; otherwise the IPv4 addresses to browse on. */
  mdnsInterfaces: 'all' | string[];
  linkConcurrency: number;
  uploadConcurrency: number;
  probePort: number;
  theme: 'light' | 'dark' | 'auto';
  /** Hosts not seen for this many days are listed apart, collapsed, as stale (the core always says; default 14). */
  staleDays?: number;
  /** The technician's name put on commissioning reports of this site; '' when not set. */
  technician?: string;
}

export interface CredentialStatus {
  siteSet: boolean;
  siteUser: string | null;
  hostOverrides: string[];
  /**
   * false: the passwords end with this process (the browser console, the CLI, a desktop without a usable key store);
   * otherwise the desktop app saves them encrypted.
   */
  saved?: boolean;
}

export interface FileCheck {
  path: string;
  name: string;
  size: number;
  kind: 'content' | 'clusterconfig' | null;
  error: string | null;
}

export interface AppInfo {
  version: string;
  bridge: 'electron' | 'browser' | 'cli';
  platform: string;
  stateDir: string;
  /** The site worked on (its state is in stateDir), or null when no site was named. */
  site?: string | null;
}

export interface SitesView {
  /** The site worked on now, or null for the state folder itself (no site named). */
  current: string | null;
  /** Every site with a folder of its own, sorted. */
  sites: string[];
  /** Hosts kept per site (the state folder itself under ''), for the switcher's menu. */
  hostCounts?: Record<string, number>;
}

/** Networks (IPv4 subnets, CIDR) this laptop is on that the current site has never been seen on. */
export interface NetworkSuggestion {
  site: string | null;
  newNetworks: string[];
}

// Site plans, commissioning reports and the action log (docs/plans.md).

/** A problem that makes a plan unusable; nothing of it is applied. `line` is 1-based in the plan file. */
export interface PlanProblem {
  line: number | null;
  message: string;
}

export type PlanActionKind = 'make-leader' | 'link' | 'unlink' | 'upload';

export interface PlanAction {
  kind: PlanActionKind;
  /** The host acted on (for link and unlink: the follower; for upload: the leader). */
  hostId: string;
  hostName: string;
  leaderId: string | null;
  leaderName: string | null;
  /** Absolute path of the bundle for an upload. */
  file: string | null;
  line: number | null;
  description: string;
}

export interface PlanBlocked {
  /** What the plan names (a host id, name or address). */
  ref: string;
  hostId: string | null;
  name: string;
  line: number | null;
  reasons: string[];
}

/** One row of the side-by-side view: what the plan asks of a host and how the site stands. */
export type PlanRowState = 'ok' | 'change' | 'blocked' | 'extra';

export interface PlanGroupView {
  leader: { ref: string; hostId: string | null; name: string; state: PlanRowState; note: string };
  followers: { ref: string; hostId: string | null; name: string; state: PlanRowState; note: string; sync: string | null }[];
  content: { path: string; name: string; size: number; sha256: string; state: PlanRowState; note: string }[];
}

export interface PlanCheck {
  file: string;
  site: string | null;
  prune: boolean;
  problems: PlanProblem[];
  actions: PlanAction[];
  blocked: PlanBlocked[];
  groups: PlanGroupView[];
  /** True when the site already is what the plan says (no action, nothing blocked, every follower synced). */
  matches: boolean;
}

export interface PlanApplyResult {
  before: PlanCheck;
  /** The site checked again once the steps ended; null when the apply failed and the site could not be checked. */
  after: PlanCheck | null;
  taskIds: string[];
  tasks: TaskView[];
  /** Why the apply stopped before it finished (a step could not start, the plan file changed...); null otherwise. */
  error: string | null;
}

export interface ActionLogHost {
  id: string;
  name: string;
  result: string;
  message: string | null;
}

export interface ActionLogEntry {
  time: string;
  /** A task kind ('link', 'upload'...) or 'apply-plan'. */
  action: string;
  title: string;
  hosts: ActionLogHost[];
  result: string;
  reason: string | null;
}

export type ReportFormat = 'json' | 'csv' | 'html';

// ---------------------------------------------------------------------------------------------------------------
// Errors travel as data so their code survives every bridge.

export const errorCodes = [
  'invalid-input',
  'not-found',
  'unreachable',
  'timeout',
  'needs-credentials',
  'auth-failed',
  'locked-out',
  'certificate-unknown',
  'certificate-changed',
  'refused',
  'preflight-failed',
  'conflict',
  'unsupported',
  'cancelled',
  'bad-answer',
  'file-rejected',
  'verify-failed',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  hostId?: string;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorInfo };

// ---------------------------------------------------------------------------------------------------------------
// Input pieces

/** A host id (`edge-…`), a host name, or an address (`ip:port` or an `https://` URL). */
const hostRef = z.string().trim().min(1).max(300);
const hostId = z.string().trim().min(1).max(200);
const secret = z.string().min(1).max(1024);
const username = z.string().trim().min(1).max(256);
const filePath = z.string().min(1).max(4096);
const none = z.object({}).strict();
const ipv4 = z.ipv4();

// ---------------------------------------------------------------------------------------------------------------
// Commands: name -> { input schema, output type }

export const commands = {
  'app.info': { input: none, output: type<AppInfo>() },
  /** The sites kept on this computer and the one worked on (the CLI names one with --site NAME). */
  'sites.list': { input: none, output: type<SitesView>() },
  /**
   * Work on another site: its known hosts, pins, credentials, leader record and action log. `site: null` = the
   * state folder itself. A site that does not exist yet is made only with `create`. Refused while tasks run.
   */
  'sites.switch': {
    input: z.object({ site: z.string().trim().min(1).max(100).nullable(), create: z.boolean().optional() }).strict(),
    output: type<SitesView>(),
  },
  /** The networks this laptop is on that the current site was never seen on: a hint to start a new site. */
  'sites.networks': { input: none, output: type<NetworkSuggestion>() },
  /** "These networks belong to this site": remembered, so they are not suggested again. */
  'sites.keepNetworks': { input: z.object({ networks: z.array(z.string().trim().min(9).max(18)).max(64) }).strict(), output: type<void>() },

  'hosts.list': { input: none, output: type<HostView[]>() },
  'hosts.get': { input: z.object({ host: hostRef }).strict(), output: type<HostView>() },
  'hosts.add': { input: z.object({ address: hostRef }).strict(), output: type<HostView>() },
  'hosts.forget': { input: z.object({ hostId }).strict(), output: type<void>() },
  /** Forgets every stale host (offline, not pinned, not seen for the staleDays setting): entry, pin, credentials. */
  'hosts.forgetStale': { input: none, output: type<{ forgotten: string[] }>() },
  'hosts.pin': { input: z.object({ hostId, pinned: z.boolean() }).strict(), output: type<HostView>() },
  /** Re-read a host's state now (login if needed) rather than waiting for the next poll. */
  'hosts.refresh': { input: z.object({ hostId }).strict(), output: type<HostView>() },

  'discovery.rescan': { input: none, output: type<void>() },
  'discovery.probe': {
    input: z.object({ cidr: z.string().trim().min(9).max(18), port: z.number().int().min(1).max(65535).optional() }).strict(),
    output: type<{ taskId: string }>(),
  },
  'discovery.interfaces': { input: none, output: type<NetworkInterfaceView[]>() },

  'settings.get': { input: none, output: type<SettingsView>() },
  'settings.set': {
    input: z
      .object({
        mdnsInterfaces: z.union([z.literal('all'), z.array(ipv4).max(32)]).optional(),
        linkConcurrency: z.number().int().min(1).max(64).optional(),
        uploadConcurrency: z.number().int().min(1).max(8).optional(),
        probePort: z.number().int().min(1).max(65535).optional(),
        theme: z.enum(['light', 'dark', 'auto']).optional(),
        staleDays: z.number().int().min(1).max(3650).optional(),
        /** '' clears it. The core keeps it printable and single-line (control characters become spaces). */
        technician: z.string().trim().max(100).optional(),
      })
      .strict(),
    output: type<SettingsView>(),
  },

  'credentials.status': { input: none, output: type<CredentialStatus>() },
  'credentials.setSite': { input: z.object({ username, password: secret }).strict(), output: type<CredentialStatus>() },
  'credentials.setHost': { input: z.object({ hostId, username, password: secret }).strict(), output: type<CredentialStatus>() },
  'credentials.clearHost': { input: z.object({ hostId }).strict(), output: type<CredentialStatus>() },

  'certificates.trust': {
    input: z.object({ hostId, fingerprint: z.string().trim().min(16).max(200) }).strict(),
    output: type<HostView>(),
  },
  /**
   * Trusts many new hosts at once, each with the fingerprint the technician was shown. A host whose certificate
   * changed, or that now offers another fingerprint than the one shown, is refused (never part of a bulk trust).
   */
  'certificates.trustMany': {
    input: z
      .object({
        hosts: z
          .array(z.object({ hostId, fingerprint: z.string().trim().min(16).max(200) }).strict())
          .min(1)
          .max(2000),
      })
      .strict(),
    output: type<BulkTrustResult[]>(),
  },

  'link.makeLeader': { input: z.object({ hostId }).strict(), output: type<{ taskId: string }>() },
  /** The leader's current token with its seconds left. Never starts leadership. */
  'link.token': {
    input: z.object({ hostId }).strict(),
    output: type<{ token: string; remainingSec: number; intervalSec: number; leaderAddress: string | null }>(),
  },
  'link.preflight': {
    input: z.object({ leaderId: hostId, followerIds: z.array(hostId).min(1).max(500) }).strict(),
    output: type<PreflightResult[]>(),
  },
  'link.followers': {
    input: z.object({ leaderId: hostId, followerIds: z.array(hostId).min(1).max(500) }).strict(),
    output: type<{ taskId: string }>(),
  },
  /** Copy-and-paste linking: a token from a leader the console may not reach itself. */
  'link.withToken': {
    input: z.object({ hostId, token: z.string().trim().min(8).max(8192) }).strict(),
    output: type<{ taskId: string }>(),
  },
  'link.validate': { input: z.object({ leaderId: hostId }).strict(), output: type<ValidationReport>() },
  'link.unlink': {
    input: z.object({ hostId, fromLeader: z.boolean() }).strict(),
    output: type<{ taskId: string }>(),
  },
  'link.stopToken': { input: z.object({ hostId }).strict(), output: type<{ taskId: string }>() },
  /** Unlink many followers at once, each through its leader, with the same checks as one unlink; one task. */
  'link.unlinkMany': { input: z.object({ hostIds: z.array(hostId).min(1).max(500) }).strict(), output: type<{ taskId: string }>() },
  /** Dissolve a group: unlink every follower of the leader, then stop its token generation where the host allows it. */
  'link.dissolve': { input: z.object({ leaderId: hostId }).strict(), output: type<{ taskId: string }>() },

  'uploads.check': { input: z.object({ paths: z.array(filePath).min(1).max(64) }).strict(), output: type<FileCheck[]>() },
  'uploads.start': {
    input: z
      .object({
        hostId,
        files: z
          .array(z.object({ path: filePath, signaturePath: filePath.optional() }).strict())
          .min(1)
          .max(64),
      })
      .strict(),
    output: type<{ taskIds: string[] }>(),
  },

  'plan.check': {
    input: z.object({ path: filePath, prune: z.boolean().optional() }).strict(),
    output: type<PlanCheck>(),
  },
  /**
   * Starts an 'apply-plan' task that takes the plan's actions as the ordinary tasks, one step after the other. A plan
   * with problems is refused here, before any task starts ('invalid-input', the lines in the message).
   */
  'plan.apply': {
    input: z.object({ path: filePath, prune: z.boolean().optional() }).strict(),
    output: type<{ taskId: string }>(),
  },
  /** What an ended 'apply-plan' task did: the check before and after, and the tasks it ran. */
  'plan.result': { input: z.object({ taskId: z.string().min(1).max(100) }).strict(), output: type<PlanApplyResult>() },
  /**
   * The live site as a plan (YAML). Only the text: the page must never name a file for the core to write (a
   * compromised page could overwrite any file), so the CLI writes it itself and the UI downloads it.
   */
  'plan.export': {
    input: z.object({ site: z.string().trim().min(1).max(200).optional() }).strict(),
    output: type<{ text: string }>(),
  },
  /**
   * The commissioning report as text in the format asked; written to a file by the caller, as plan.export. Without
   * `technician` or `site`, the report names the technician setting and the open site.
   */
  'report.export': {
    input: z
      .object({
        format: z.enum(['json', 'csv', 'html']),
        technician: z.string().trim().max(200).optional(),
        site: z.string().trim().max(200).optional(),
      })
      .strict(),
    output: type<{ format: ReportFormat; text: string }>(),
  },
  /**
   * Desktop app only (desktopOnlyCommands): the HTML report printed to PDF by the main process, saved where the
   * technician picks in a save dialog. `path` is null when they cancelled the dialog.
   */
  'report.savePdf': {
    input: z
      .object({
        technician: z.string().trim().max(200).optional(),
        site: z.string().trim().max(200).optional(),
      })
      .strict(),
    output: type<{ path: string | null }>(),
  },
  'log.list': {
    input: z
      .object({
        limit: z.number().int().min(1).max(10_000).optional(),
        action: z.string().trim().min(1).max(50).optional(),
        host: z.string().trim().min(1).max(300).optional(),
        result: z.string().trim().min(1).max(50).optional(),
      })
      .strict(),
    output: type<ActionLogEntry[]>(),
  },

  'tasks.list': { input: none, output: type<TaskView[]>() },
  'tasks.cancel': { input: z.object({ taskId: z.string().min(1).max(100) }).strict(), output: type<TaskView>() },
  'tasks.retry': { input: z.object({ taskId: z.string().min(1).max(100) }).strict(), output: type<{ taskId: string }>() },
  'tasks.clearFinished': { input: none, output: type<void>() },
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Events: name -> payload type (core -> UI)

export const events = {
  /** Hosts added or changed (full views) and hosts forgotten (ids). Bursts are coalesced by the core. */
  'hosts.changed': type<{ upserted: HostView[]; removed: string[] }>(),
  'tasks.changed': type<TaskView>(),
  /** A task reached a final state: the UI notifies the user. */
  'tasks.ended': type<TaskView>(),
  'discovery.problem': type<{ interface: string; message: string }>(),
  'settings.changed': type<SettingsView>(),
  /** Another site is worked on now: everything listed before belongs to the old one; load it all again. */
  'site.changed': type<SitesView>(),
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Derived types

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
export type CommandArgs<K extends CommandName> = z.output<Commands[K]['input']>;
export type CommandOutput<K extends CommandName> = Commands[K]['output'];

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = Events[K];
export type Unsubscribe = () => void;

/** What the UI (and any client) sees: one async function per command, plus event subscription. */
export type ConsoleApi = {
  [K in CommandName]: (input: CommandInput<K>) => Promise<CommandOutput<K>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
};

/**
 * The input fields that name a file on this computer, per command. The desktop app reads only files the user chose
 * (electron/shell/chosen-files.ts walks these): a dotted path into the input, `[]` for each item of an array. A new
 * path-like field must be listed here; electron/shell/local-path-fields.test.ts fails until it is.
 * A plan file the user chose vouches for the bundle paths it names (the core reads them relative to the plan).
 */
export const localPathFields = {
  'uploads.check': ['paths[]'],
  'uploads.start': ['files[].path', 'files[].signaturePath'],
  'plan.check': ['path'],
  'plan.apply': ['path'],
} as const satisfies Partial<Record<CommandName, readonly string[]>>;

/**
 * Commands only the desktop app's main process answers: it owns the windows and dialogs they need. The core has no
 * handler for them, so the browser bridge and the CLI answer 'unsupported' with the text below (dispatch does).
 */
export const desktopOnlyCommands = ['report.savePdf'] as const satisfies readonly CommandName[];
export type DesktopCommandName = (typeof desktopOnlyCommands)[number];
export type CoreCommandName = Exclude<CommandName, DesktopCommandName>;

/** What another bridge answers for a desktop-only command: what to do instead, in the technician's words. */
export const desktopOnlyMessages: Record<DesktopCommandName, string> = {
  'report.savePdf':
    'Saving the report as PDF works in the Fieldlink desktop app only. Here, use Export report (HTML), open the file and print it from the browser (Print, then Save as PDF).',
};

export function isDesktopOnlyCommand(name: unknown): name is DesktopCommandName {
  return (desktopOnlyCommands as readonly unknown[]).includes(name);
}

/** One handler per command, given already-validated input. */
export type CommandHandler<K extends CommandName> = (input: CommandArgs<K>) => Promise<CommandOutput<K>>;

/** What the core implements: every command but the desktop-only ones, which only the desktop shell may add. */
export type Handlers = {
  [K in CoreCommandName]: CommandHandler<K>;
} & {
  [K in DesktopCommandName]?: CommandHandler<K>;
};

/** What the desktop shell adds to the core's handlers. */
export type DesktopHandlers = {
  [K in DesktopCommandName]: CommandHandler<K>;
};

export interface EventSource {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
}

export const commandNames = Object.keys(commands) as CommandName[];
export const eventNames = Object.keys(events) as EventName[];

/** Electron IPC channel names, derived so preload and ipcMain cannot drift apart. */
export const ipcChannel = {
  command: (name: CommandName) => `fieldlink:cmd:${name}`,
  event: (name: EventName) => `fieldlink:evt:${name}`,
};

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
