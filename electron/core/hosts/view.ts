// HostView: what the UI is told about a host, derived from the entry alone (no I/O), plus a signature that leaves
// out what moves on its own (a countdown), so an unchanged host never produces an event.
import type { HostAccess, HostRole, HostView, PeerView } from '../../../shared/contract';
import { endpointUrl } from '../util/address';
import { displayName, type HostEntry } from './entry';

export interface ViewContext {
  hasCredentials(hostKey: string): boolean;
  hasOverride(hostKey: string): boolean;
  pinnedFingerprint(e: HostEntry): string | null;
}

export function roleOf(e: HostEntry): { role: HostRole; leaderId: string | null } {
  const self = e.confirmedId;
  const peers = e.link?.peers ?? [];
  const leaderPeer = peers.find((p) => p.role === 'leader' && p.id !== self);
  if (leaderPeer) return { role: 'follower', leaderId: leaderPeer.id };
  const hasFollowers = peers.some((p) => p.role === 'follower' && p.id !== self);
  if (e.token?.generating || hasFollowers) return { role: 'leader', leaderId: self };
  if (e.link || e.token) return { role: 'standalone', leaderId: null };
  return { role: 'unknown', leaderId: null };
}

function access(e: HostEntry, ctx: ViewContext): { access: HostAccess; message: string | null; retryAfterSec: number | null } {
  if (e.online === null) return { access: 'checking', message: 'Checking whether the host answers…', retryAfterSec: null };
  if (e.online === false) {
    return { access: 'unreachable', message: e.offlineReason ?? 'The host does not answer: check that it is on and on this network.', retryAfterSec: null };
  }
  if (e.cert.verdict === 'unknown') {
    return {
      access: 'needs-trust',
      message: `First contact with this host. Compare the certificate fingerprint ${e.cert.seen} with the one on the host's console, then trust it. Fieldlink sends no credentials until then.`,
      retryAfterSec: null,
    };
  }
  if (e.cert.verdict === 'changed') {
    return {
      access: 'certificate-changed',
      message: `This host's certificate is not the one trusted before (now ${e.cert.seen}). It may have been reinstalled, or another machine answers at its address. Fieldlink sends it nothing until you check the host and trust the new certificate.`,
      retryAfterSec: null,
    };
  }
  if (e.idConflict) return { access: 'certificate-changed', message: e.idConflict, retryAfterSec: null };
  switch (e.auth.kind) {
    case 'ok':
      return { access: 'ok', message: null, retryAfterSec: null };
    case 'failed':
      return { access: 'auth-failed', message: e.auth.message, retryAfterSec: null };
    case 'locked': {
      const left = Math.ceil((e.auth.until - Date.now()) / 1000);
      return { access: 'locked-out', message: e.auth.message, retryAfterSec: left > 0 ? left : 0 };
    }
    case 'no-credentials':
      return { access: 'needs-credentials', message: 'Enter the site credentials (or ones for this host) to read its state.', retryAfterSec: null };
    default:
      return ctx.hasCredentials(e.key)
        ? { access: 'checking', message: 'Logging in…', retryAfterSec: null }
        : { access: 'needs-credentials', message: 'Enter the site credentials (or ones for this host) to read its state.', retryAfterSec: null };
  }
}

function peerViews(e: HostEntry): PeerView[] {
  return (e.link?.peers ?? [])
    .filter((p) => p.id === null || p.id !== e.confirmedId)
    .map((p) => ({
      id: p.id ?? '',
      name: p.name,
      address: p.address ?? '',
      port: p.port,
      role: p.role,
      status: p.status,
      health: p.health,
      healthReason: p.healthReason,
      contentSyncStatus: p.contentSyncStatus,
    }));
}

export function buildView(e: HostEntry, ctx: ViewContext): HostView {
  const a = access(e, ctx);
  const { role, leaderId } = roleOf(e);
  const pinned = ctx.pinnedFingerprint(e);
  const facts = e.host;
  const rem = e.remembered ?? {};
  const self = e.link?.peers.find((p) => p.id !== null && p.id === e.confirmedId);
  return {
    id: e.key,
    name: displayName(e),
    url: endpointUrl(e),
    address: e.address,
    port: e.port,
    sources: [...e.sources].sort(),
    online: e.online === true,
    lastSeen: e.lastSeenShown ? new Date(e.lastSeenShown).toISOString() : null,
    pinned: e.pinnedUi,
    access: a.access,
    accessMessage: a.message,
    retryAfterSec: a.retryAfterSec,
    fingerprint: pinned,
    offeredFingerprint: e.cert.seen && e.cert.verdict !== 'trusted' ? e.cert.seen : null,
    role,
    state: facts?.state ?? rem.state ?? null,
    mode: facts?.mode ?? e.hintMode ?? rem.mode ?? null,
    os: facts?.os ?? rem.os ?? null,
    agentVersion: facts?.agentVersion ?? rem.agentVersion ?? null,
    managementMode: e.settings?.managementMode ?? facts?.managementMode ?? rem.managementMode ?? null,
    multiNode: e.settings?.multiNode ?? null,
    health: self?.health ?? null,
    linkStatus: e.link?.status ?? null,
    linkError: e.link?.errorMessage ?? null,
    leaderId,
    peers: peerViews(e),
    token: e.token ? { ...e.token } : null,
    credentialOverride: ctx.hasOverride(e.key),
  };
}

/**
 * The view without what changes by itself: a lockout's seconds left count down on their own. (A token countdown is
 * kept stable where it is read: refresh.ts keeps the previous TokenState while the token's end time holds.)
 */
export function viewSignature(v: HostView): string {
  return JSON.stringify({ ...v, retryAfterSec: v.retryAfterSec === null ? null : v.retryAfterSec > 0 });
}
