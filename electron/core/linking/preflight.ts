// Preflight: the rules of link-hosts.md checked on freshly read state, per host, before anything is sent. Each
// reason is one sentence a technician can act on.
import type { PreflightResult } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { displayName, type HostEntry } from '../hosts/entry';
import { roleOf } from '../hosts/view';

/** Whether the console can work with the host at all right now. */
export function readiness(e: HostEntry, failure: ConsoleError | null = null): string[] {
  const name = displayName(e);
  if (e.online !== true) return [`${name} is offline${e.offlineReason ? `: ${e.offlineReason}` : '.'}`];
  if (e.cert.verdict === 'unknown') return [`${name}'s certificate has not been trusted yet: check its fingerprint and trust it first.`];
  if (e.cert.verdict === 'changed') return [`${name}'s certificate changed since it was trusted: check the host, then trust the new certificate.`];
  if (e.idConflict) return [e.idConflict];
  switch (e.auth.kind) {
    case 'no-credentials':
      return [`Fieldlink has no credentials for ${name}: enter the site credentials.`];
    case 'failed':
    case 'locked':
      return [e.auth.message];
    default:
  }
  if (failure) return [failure.message];
  if (!e.host || !e.settings || !e.link) return [`The state of ${name} could not be read yet; try again in a moment.`];
  return [];
}

/**
 * Prerequisites every linked host shares that block linking: multi-node enabled, installed in airgap mode (the
 * seed's own prerequisite, `stylus.installationMode: airgap`). A value the rule needs that the agent does not give
 * is a warning (linkWarnings), never a refusal.
 */
function linkable(e: HostEntry): string[] {
  const name = displayName(e);
  const out: string[] = [];
  if (e.settings?.multiNode === false) out.push(`Multi-node is disabled on ${name} (stylus.enableMultiNode is false): it cannot be linked.`);
  const install = e.settings?.installationMode?.toLowerCase();
  if (install === 'connected') {
    out.push(`${name} is installed in connected mode (stylus.installationMode): linked hosts must be installed in airgap mode.`);
  }
  return out;
}

/**
 * What preflight could not check on this host, or what neither the seed nor the spec requires but may matter: said
 * with the task's result, the link goes ahead.
 */
export function linkWarnings(e: HostEntry): string[] {
  const name = displayName(e);
  const out: string[] = [];
  const install = e.settings?.installationMode?.toLowerCase() ?? null;
  if (install === null) out.push(`${name} does not report its installation mode, so Fieldlink could not check that it is airgap.`);
  else if (install !== 'airgap' && install !== 'connected') {
    out.push(`${name} reports installation mode "${e.settings?.installationMode}", which Fieldlink does not know; linking needs airgap.`);
  }
  if (e.settings?.multiNode === null || e.settings?.multiNode === undefined) {
    out.push(`${name} does not report whether multi-node is enabled (stylus.enableMultiNode), so Fieldlink could not check it.`);
  }
  const management = e.settings?.managementMode ?? e.host?.managementMode;
  if (management && management.toLowerCase() !== 'local') out.push(`${name} reports ${management} management; linking is done locally all the same.`);
  if (!e.host?.mode) out.push(`${name} does not report its deployment mode, so Fieldlink could not compare it with the other hosts.`);
  return out;
}

export function leaderReasons(l: HostEntry, failure: ConsoleError | null): string[] {
  const ready = readiness(l, failure);
  if (ready.length) return ready;
  const out = linkable(l);
  const { role } = roleOf(l);
  if (role === 'follower') out.push(`${displayName(l)} is itself a follower of another leader: unlink it before it can lead.`);
  if (l.link?.status === 'Pending' || l.link?.status === 'InProgress') out.push(`${displayName(l)} is busy linking to another host.`);
  return out;
}

export function followerReasons(f: HostEntry, l: HostEntry | null, failure: ConsoleError | null, leaderName: (id: string) => string): string[] {
  const name = displayName(f);
  if (l && f === l) return [`${name} cannot be linked to itself.`];
  const ready = readiness(f, failure);
  if (ready.length) return ready;
  const out = linkable(f);
  if (l?.host && f.host) {
    if (l.host.mode && f.host.mode && l.host.mode !== f.host.mode) {
      out.push(`${name} runs in ${f.host.mode} mode and the leader ${displayName(l)} in ${l.host.mode} mode: linked hosts must share one deployment mode.`);
    } else if (f.host.mode === 'agent' && l.host.os && f.host.os && osKey(f) !== osKey(l)) {
      out.push(`${name} runs ${f.host.os} and the leader ${l.host.os}: in agent mode, linked hosts must run the same OS.`);
    }
  }
  if (f.host?.state === 'In-Use') out.push(`${name} is In-Use by a cluster: a follower cannot carry cluster workloads.`);
  const { role, leaderId } = roleOf(f);
  const followers = (f.link?.peers ?? []).filter((p) => p.role === 'follower').length;
  if (role === 'follower') {
    out.push(
      leaderId && l && leaderId === l.confirmedId
        ? `${name} is already linked to ${displayName(l)}.`
        : `${name} is already linked to ${leaderId ? leaderName(leaderId) : 'another leader'}: unlink it first.`,
    );
  } else if (followers > 0) {
    out.push(`${name} leads ${followers} linked host(s): unlink them and stop its token generation first.`);
  } else if (f.token?.generating) {
    out.push(`${name} is generating link tokens (it is a leader): stop its token generation first.`);
  }
  if (f.link?.status === 'Pending' || f.link?.status === 'InProgress') out.push(`${name} is already busy linking.`);
  return out;
}

function osKey(e: HostEntry): string {
  return `${(e.host?.osFamily ?? '').toLowerCase()} ${e.host?.osVersion ?? ''}`;
}

/** readiness() as an error with the code that fits, for commands that must answer at once. */
export function readinessError(e: HostEntry, failure: ConsoleError | null): ConsoleError | null {
  const reasons = readiness(e, failure);
  if (!reasons.length) return null;
  if (failure && e.online === true && e.cert.verdict === 'trusted') return failure;
  const code =
    e.online !== true
      ? 'unreachable'
      : e.cert.verdict === 'unknown'
        ? 'certificate-unknown'
        : e.cert.verdict === 'changed' || e.idConflict
          ? 'certificate-changed'
          : e.auth.kind === 'no-credentials'
            ? 'needs-credentials'
            : e.auth.kind === 'failed'
              ? 'auth-failed'
              : e.auth.kind === 'locked'
                ? 'locked-out'
                : (failure?.code ?? 'refused');
  return new ConsoleError(code, reasons.join(' '), e.key);
}

/**
 * link.preflight's rows: the leader's first, then each follower's, with the reasons that block and the warnings
 * that do not. The leader named among its own followers gets one row, with that reason on it.
 */
export function preflightRows(
  leader: HostEntry,
  followers: HostEntry[],
  failures: Map<HostEntry, ConsoleError | null>,
  leaderName: (id: string) => string,
): PreflightResult[] {
  const leaderProblems = leaderReasons(leader, failures.get(leader) ?? null);
  const leaderRow = followers.includes(leader) ? [...leaderProblems, `${displayName(leader)} cannot be linked to itself.`] : leaderProblems;
  // Warnings only where the host could be read: an unread host's reason already says what is missing.
  const warningsOf = (e: HostEntry, reasons: string[]) => (reasons.length && !e.settings ? [] : linkWarnings(e));
  return [
    { hostId: leader.key, name: displayName(leader), ok: leaderRow.length === 0, reasons: leaderRow, warnings: warningsOf(leader, leaderRow) },
    ...followers
      .filter((f) => f !== leader)
      .map((f) => {
        const reasons = followerReasons(f, leader, failures.get(f) ?? null, leaderName);
        if (leaderProblems.length) reasons.push(`The leader ${displayName(leader)} cannot take followers (see its row).`);
        return { hostId: f.key, name: displayName(f), ok: reasons.length === 0, reasons, warnings: warningsOf(f, reasons) };
      }),
  ];
}
