// A ConsoleApi for tests: records every call, answers with canned data (overridable per command), and lets the test
// emit core events.
import {
  commandNames,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type ConsoleApi,
  type CredentialStatus,
  type EventName,
  type EventPayload,
  type HostView,
  type TaskView,
} from '../../shared/contract';
import { settings as defaultSettings } from './fixtures';

type Responder<K extends CommandName> = (input: CommandInput<K>) => CommandOutput<K> | Promise<CommandOutput<K>>;

export interface FakeApi {
  api: ConsoleApi;
  calls: { name: CommandName; input: unknown }[];
  callsOf<K extends CommandName>(name: K): CommandInput<K>[];
  respond<K extends CommandName>(name: K, fn: Responder<K>): void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  listenerCount(): number;
}

export interface FakeSite {
  hosts?: HostView[];
  tasks?: TaskView[];
  credentials?: CredentialStatus;
}

export function createFakeApi(site: FakeSite = {}): FakeApi {
  const calls: FakeApi['calls'] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const responders = new Map<string, (input: unknown) => unknown>();
  let taskSeq = 0;

  const defaults: Partial<Record<CommandName, (input: never) => unknown>> = {
    'hosts.list': () => site.hosts ?? [],
    'tasks.list': () => site.tasks ?? [],
    'settings.get': () => defaultSettings,
    'settings.set': (input: object) => ({ ...defaultSettings, ...input }),
    'credentials.status': () => site.credentials ?? { siteSet: false, siteUser: null, hostOverrides: [] },
    'credentials.setSite': (input: { username: string }) => ({ siteSet: true, siteUser: input.username, hostOverrides: [] }),
    'credentials.setHost': (input: { hostId: string }) => ({ siteSet: false, siteUser: null, hostOverrides: [input.hostId] }),
    'credentials.clearHost': () => ({ siteSet: false, siteUser: null, hostOverrides: [] }),
    'discovery.interfaces': () => [
      { name: 'eth0', address: '10.0.0.5', selected: true, internal: false },
      { name: 'lo', address: '127.0.0.1', selected: false, internal: true },
    ],
    'link.token': () => ({ token: 'TOKEN-SECRET-123', remainingSec: 100, intervalSec: 120, leaderAddress: '10.0.0.1' }),
    // Like the core: the leader's own row first, then one per follower.
    'link.preflight': (input: { leaderId: string; followerIds: string[] }) =>
      [input.leaderId, ...input.followerIds].map((hostId) => ({ hostId, name: hostId, ok: true, reasons: [] })),
    'hosts.add': (input: { address: string }) => ({ id: 'edge-new', name: 'new', address: input.address }),
    'certificates.trust': (input: { hostId: string }) => site.hosts?.find((h) => h.id === input.hostId),
  };

  const api = { on: undefined } as unknown as Record<string, unknown>;
  for (const name of commandNames) {
    api[name] = async (input: unknown) => {
      calls.push({ name, input });
      const custom = responders.get(name);
      if (custom) return custom(input);
      const d = defaults[name] as ((i: unknown) => unknown) | undefined;
      if (d) return d(input);
      if (name.startsWith('link.') || name === 'discovery.probe' || name === 'tasks.retry') return { taskId: `task-${++taskSeq}` };
      return undefined;
    };
  }
  api.on = (event: string, listener: (p: unknown) => void) => {
    if (!listeners.has(event)) listeners.set(event, new Set());
    listeners.get(event)!.add(listener);
    return () => listeners.get(event)?.delete(listener);
  };

  return {
    api: api as unknown as ConsoleApi,
    calls,
    callsOf: <K extends CommandName>(name: K) => calls.filter((c) => c.name === name).map((c) => c.input as CommandInput<K>),
    respond: (name, fn) => responders.set(name, fn as (input: unknown) => unknown),
    emit: (event, payload) => {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}
