import type { HostView, PeerView, SettingsView, TaskView } from '../../shared/contract';

export function host(id: string, patch: Partial<HostView> = {}): HostView {
  const n = Number(id.replace(/\D/g, '')) || 1;
  return {
    id,
    name: id.replace(/^edge-/, 'host-'),
    url: `https://10.0.0.${n}:5080`,
    address: `10.0.0.${n}`,
    port: 5080,
    sources: ['mdns'],
    online: true,
    lastSeen: '2025-01-01T10:00:00.000Z',
    pinned: false,
    access: 'ok',
    accessMessage: null,
    retryAfterSec: null,
    fingerprint: 'AA:BB',
    offeredFingerprint: null,
    role: 'standalone',
    state: 'Ready',
    mode: 'appliance',
    os: 'ubuntu-22.04',
    agentVersion: '4.6.0',
    managementMode: 'local',
    multiNode: true,
    health: 'Healthy',
    linkStatus: null,
    linkError: null,
    leaderId: null,
    peers: [],
    token: null,
    credentialOverride: false,
    ...patch,
  };
}

export function peer(of: HostView): PeerView {
  return {
    id: of.id,
    name: of.name,
    address: of.address,
    port: of.port,
    role: 'follower',
    status: 'Linked',
    health: 'Healthy',
    healthReason: null,
    contentSyncStatus: null,
  };
}

/** A leader with its token read `agoSec` seconds before `now`. */
export function leader(id: string, now: number, patch: Partial<HostView> = {}): HostView {
  return host(id, {
    role: 'leader',
    token: { generating: true, remainingSec: 90, intervalSec: 120, readAt: now, support: 'ok' },
    ...patch,
  });
}

export function task(id: string, patch: Partial<TaskView> = {}): TaskView {
  return {
    id,
    kind: 'link',
    title: `Link 2 hosts to host-1`,
    state: 'running',
    phase: 'linking',
    progress: { done: 1, total: 2, unit: 'hosts' },
    bytesPerSec: null,
    etaSec: null,
    hosts: [],
    error: null,
    startedAt: '2025-01-01T10:00:00.000Z',
    endedAt: null,
    cancellable: true,
    retryable: false,
    retryOf: null,
    ...patch,
  };
}

export const settings: SettingsView = { mdnsInterfaces: 'all', linkConcurrency: 4, uploadConcurrency: 2, probePort: 5080, theme: 'light' };
