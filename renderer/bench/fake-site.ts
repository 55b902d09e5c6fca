// A 200-host site living in the page: the same ConsoleApi the bridge gives, answering from memory and pushing one
// status update per host per second, spread evenly over the second as a real site's polls would be.
import type { ConsoleApi, EventName, EventPayload, HostView, PeerView } from '../../shared/contract';
// The renderer's copy of the names: the contract's values would put zod in the page, which the real renderer avoids.
import { commandNames } from '../src/bridge/contract-names';

export interface FakeSite {
  api: ConsoleApi;
  hosts: HostView[];
  start(): void;
  stop(): void;
  updatesSent(): number;
}

function makeHost(i: number, now: number): HostView {
  const group = Math.floor(i / 10);
  const isLeader = i % 10 === 0 && group < 12;
  const isFollower = !isLeader && group < 12 && i % 10 < 6;
  const id = `edge-${String(i + 1).padStart(3, '0')}`;
  return {
    id,
    name: `rack${group + 1}-node${(i % 10) + 1}`,
    url: `https://10.20.${group}.${(i % 10) + 10}:5080`,
    address: `10.20.${group}.${(i % 10) + 10}`,
    port: 5080,
    sources: i % 7 === 0 ? ['mdns', 'probe'] : ['mdns'],
    online: true,
    lastSeen: new Date(now).toISOString(),
    pinned: i < 3,
    access: i % 37 === 5 ? 'needs-credentials' : 'ok',
    accessMessage: null,
    retryAfterSec: null,
    fingerprint: 'AB:CD',
    offeredFingerprint: null,
    role: isLeader ? 'leader' : isFollower ? 'follower' : 'standalone',
    state: i % 9 === 4 ? 'In-Use' : 'Ready',
    mode: 'appliance',
    os: 'ubuntu-22.04',
    agentVersion: '4.6.2',
    managementMode: 'local',
    multiNode: true,
    health: 'Healthy',
    linkStatus: isFollower ? 'Linked' : null,
    linkError: null,
    leaderId: isFollower ? `edge-${String(group * 10 + 1).padStart(3, '0')}` : null,
    peers: [],
    token: isLeader ? { generating: true, remainingSec: 60 + (i % 60), intervalSec: 120, readAt: now, support: 'ok' } : null,
    credentialOverride: false,
  };
}

function peersOf(leader: HostView, all: HostView[]): PeerView[] {
  return all
    .filter((h) => h.leaderId === leader.id)
    .map((h) => ({
      id: h.id,
      name: h.name,
      address: h.address,
      port: h.port,
      role: 'follower',
      status: 'Linked',
      health: h.health,
      healthReason: null,
      contentSyncStatus: null,
    }));
}

export function createFakeSite(count = 200, tickMs = 50): FakeSite {
  const now = Date.now();
  let hosts = Array.from({ length: count }, (_, i) => makeHost(i, now));
  hosts = hosts.map((h) => (h.role === 'leader' ? { ...h, peers: peersOf(h, hosts) } : h));
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let cursor = 0;
  let sent = 0;

  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => listeners.get(event)?.forEach((l) => l(payload));

  // Answers arrive in a task of their own, as over either real bridge (a WebSocket message, an Electron IPC reply),
  // not in the microtasks of the call: a fake answering at once would fold the site's first render into the page's.
  const answer = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 0));
  const api = {} as Record<string, unknown>;
  for (const name of commandNames) api[name] = () => answer(undefined);
  Object.assign(api, {
    'hosts.list': () => answer(hosts),
    'tasks.list': () => answer([]),
    'settings.get': () => answer({ mdnsInterfaces: 'all', linkConcurrency: 4, uploadConcurrency: 2, probePort: 5080, theme: 'light' }),
    'credentials.status': () => answer({ siteSet: true, siteUser: 'kairos', hostOverrides: [] }),
    on: (event: string, l: (p: unknown) => void) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(l);
      return () => listeners.get(event)?.delete(l);
    },
  });

  const perTick = Math.max(1, Math.round((count * tickMs) / 1000));
  const tick = () => {
    const at = Date.now();
    const upserted: HostView[] = [];
    for (let k = 0; k < perTick; k++) {
      const i = cursor;
      cursor = (cursor + 1) % hosts.length;
      const h = hosts[i]!;
      const flap = Math.random() < 0.05;
      const next: HostView = {
        ...h,
        lastSeen: new Date(at).toISOString(),
        health: flap ? (h.health === 'Healthy' ? 'Unhealthy' : 'Healthy') : h.health,
        token: h.token ? { ...h.token, remainingSec: 120 - (Math.floor(at / 1000) % 120), readAt: at } : null,
      };
      hosts[i] = next;
      upserted.push(next);
    }
    sent += upserted.length;
    // One event per host, as the core's per-host polls would send them.
    for (const h of upserted) emit('hosts.changed', { upserted: [h], removed: [] });
  };

  return {
    api: api as unknown as ConsoleApi,
    hosts,
    start() {
      timer ??= setInterval(tick, tickMs);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    updatesSent: () => sent,
  };
}
