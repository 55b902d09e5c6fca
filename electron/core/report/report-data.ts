// The commissioning report's content, gathered once from the live site: the site, when and by whom, every host with
// the certificate fingerprint it is pinned with, every group with its followers' link and health, every bundle as
// the hosts store it, and the action log. The json, csv and html forms are all written from this.
import type { ActionLogEntry, HostView } from '../../../shared/contract';
import type { StoredContent } from '../plans/host-content';

export interface ReportHost {
  id: string;
  name: string;
  address: string;
  port: number;
  fingerprint: string | null;
  mode: string | null;
  os: string | null;
  agentVersion: string | null;
  state: string | null;
  role: string;
  leaderId: string | null;
  leaderName: string | null;
  online: boolean;
  access: string;
}

export interface ReportFollower {
  id: string;
  name: string;
  address: string;
  link: string;
  health: string | null;
  healthReason: string | null;
  sync: string | null;
}

export interface ReportGroup {
  leaderId: string;
  leaderName: string;
  followers: ReportFollower[];
}

export interface ReportBundle {
  hostId: string;
  hostName: string;
  fileName: string;
  size: number | null;
  sha256: string;
  uploadedAt: string | null;
  sync: { id: string; name: string; status: string | null }[];
}

export interface CommissioningReport {
  site: string | null;
  generatedAt: string;
  consoleVersion: string;
  technician: string | null;
  hosts: ReportHost[];
  groups: ReportGroup[];
  bundles: ReportBundle[];
  actions: ActionLogEntry[];
}

export interface ReportInput {
  site: string | null;
  technician: string | null;
  version: string;
  now: Date;
  hosts: HostView[];
  /** The last upload each host reports, by host id (leaders and hosts on their own). */
  content: Map<string, StoredContent | null>;
  actions: ActionLogEntry[];
}

export function buildReport(input: ReportInput): CommissioningReport {
  const byId = new Map(input.hosts.map((h) => [h.id, h]));
  const nameOf = (id: string | null) => (id ? (byId.get(id)?.name ?? id) : null);
  const hosts = [...input.hosts]
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((h): ReportHost => ({
      id: h.id,
      name: h.name,
      address: h.address,
      port: h.port,
      fingerprint: h.fingerprint,
      mode: h.mode,
      os: h.os,
      agentVersion: h.agentVersion,
      state: h.state,
      role: h.role,
      leaderId: h.role === 'follower' ? h.leaderId : null,
      leaderName: h.role === 'follower' ? nameOf(h.leaderId) : null,
      online: h.online,
      access: h.access,
    }));
  const groups = input.hosts
    .filter((h) => h.role === 'leader')
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((l): ReportGroup => ({
      leaderId: l.id,
      leaderName: l.name,
      followers: l.peers
        .filter((p) => p.role === 'follower')
        .map((p) => ({
          id: p.id,
          name: byId.get(p.id)?.name ?? p.name ?? p.id,
          address: `${p.address}:${p.port}`,
          link: p.status,
          health: p.health,
          healthReason: p.healthReason,
          sync: p.contentSyncStatus,
        })),
    }));
  const bundles: ReportBundle[] = [];
  for (const h of hosts) {
    const stored = input.content.get(h.id);
    if (!stored) continue;
    const group = groups.find((g) => g.leaderId === h.id);
    bundles.push({
      hostId: h.id,
      hostName: h.name,
      fileName: stored.displayName,
      size: stored.size,
      sha256: stored.sha256,
      uploadedAt: stored.uploadedAt,
      sync: (group?.followers ?? []).map((f) => ({ id: f.id, name: f.name, status: f.sync })),
    });
  }
  return {
    site: input.site,
    generatedAt: input.now.toISOString(),
    consoleVersion: input.version,
    technician: input.technician,
    hosts,
    groups,
    bundles,
    actions: input.actions,
  };
}
