// A stand-in for the console core, for bridge and client tests: every contract command exists (derived from
// commandNames), a few answer canned data, and events are emitted by the test. Not used by the product.
import {
  commandNames,
  isDesktopOnlyCommand,
  type CommandName,
  type EventName,
  type EventPayload,
  type Handlers,
  type HostView,
} from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';

export interface FakeCore {
  handlers: Handlers;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Inputs each handler received, by command name. */
  calls: Map<string, unknown[]>;
  listenerCount(): number;
  close(): Promise<void>;
}

export function fakeHost(id: string, name = id): HostView {
  return {
    id,
    name,
    url: `https://127.0.0.1:5080`,
    address: '127.0.0.1',
    port: 5080,
    sources: ['manual'],
    online: true,
    lastSeen: null,
    pinned: false,
    access: 'ok',
    accessMessage: null,
    retryAfterSec: null,
    fingerprint: null,
    offeredFingerprint: null,
    role: 'standalone',
    state: 'Ready',
    mode: null,
    os: null,
    agentVersion: null,
    managementMode: null,
    multiNode: null,
    health: null,
    linkStatus: null,
    linkError: null,
    leaderId: null,
    peers: [],
    token: null,
    credentialOverride: false,
  };
}

export type FakeHandlers = Partial<Record<CommandName, (input: any) => Promise<unknown>>>;

/** `overrides` replace the canned answers; a command with neither answers 'unsupported'. */
export function createFakeCore(overrides: FakeHandlers = {}): FakeCore {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls = new Map<string, unknown[]>();
  const hosts = [fakeHost('edge-1', 'alpha'), fakeHost('edge-2', 'beta')];

  const canned: FakeHandlers = {
    'app.info': async () => ({ version: '0.0.0-test', bridge: 'browser', platform: 'test', stateDir: '/tmp/fake' }),
    'hosts.list': async () => hosts,
    'hosts.get': async ({ host }: { host: string }) => {
      const found = hosts.find((h) => h.id === host || h.name === host);
      if (!found) throw new ConsoleError('not-found', `No host "${host}" is known.`, host);
      return found;
    },
    'hosts.refresh': async ({ hostId }: { hostId: string }) => {
      if (hostId === 'edge-boom') throw new Error('internal detail that must not leak');
      if (hostId === 'edge-slow') await new Promise((resolve) => setTimeout(resolve, 300));
      return fakeHost(hostId);
    },
    'tasks.clearFinished': async () => undefined,
    ...overrides,
  };

  // Like the real core: no handler for a desktop-only command (the desktop shell adds those).
  const handlers = Object.fromEntries(
    commandNames
      .filter((name) => !isDesktopOnlyCommand(name))
      .map((name) => [
        name,
        async (input: unknown) => {
          calls.set(name, [...(calls.get(name) ?? []), input]);
          const answer = canned[name];
          if (!answer) throw new ConsoleError('unsupported', `The fake core does not implement ${name}.`);
          return answer(input);
        },
      ]),
  ) as unknown as Handlers;

  return {
    handlers,
    calls,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    listenerCount: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
    close: async () => listeners.clear(),
  };
}
