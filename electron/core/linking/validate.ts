// link.validate: the leader's list of followers against what each follower says about its own link (the page's
// "confirm that all hosts you linked show up"), plus known hosts that claim this leader but are not listed by it.
import type { ValidationReport } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { displayName, type HostEntry } from '../hosts/entry';
import { roleOf } from '../hosts/view';
import { forEachLimited } from '../util/limit';
import { entryFor, freshen } from './env';
import { readiness } from './preflight';

/**
 * link.validate: the check runs as a task too, so it shows in the history with its per-host outcome; answers the
 * report once it ended.
 */
export async function validateAsTask(ctx: CoreContext, ref: string): Promise<ValidationReport> {
  const leader = entryFor(ctx, ref);
  let report: ValidationReport | null = null;
  const task = ctx.tasks.start({
    kind: 'validate',
    title: `Validate the group of ${displayName(leader)}`,
    run: async (handle) => {
      report = await validateGroup(ctx, leader.key, handle.signal);
      for (const row of report.followers) {
        const result = handle.host(row.hostId || row.name, row.name);
        if (row.ok) result.succeed(row.message);
        else result.fail(new ConsoleError('verify-failed', row.message));
      }
    },
  });
  const ended = await ctx.tasks.settled(task.id);
  if (!report) throw ended.error ? ConsoleError.fromInfo(ended.error) : new ConsoleError('internal', 'The validation did not finish.');
  return report;
}

export async function validateGroup(ctx: CoreContext, ref: string, signal?: AbortSignal): Promise<ValidationReport> {
  const named = entryFor(ctx, ref);
  const failure = await freshen(ctx, named, signal);
  // The read may have merged the entry into another (the leader answered at a second address, say the one its
  // followers list): go on with the entry that stands for the host now, or the leader would claim its own group.
  const leader = named.confirmedId ? (ctx.entries.find(named.confirmedId) ?? named) : named;
  const problems = readiness(leader, failure);
  if (problems.length) throw new ConsoleError('refused', `Cannot validate the group: ${problems.join(' ')}`, leader.key);
  const leaderId = leader.confirmedId;
  if (!leaderId || roleOf(leader).role !== 'leader') {
    throw new ConsoleError('conflict', `${displayName(leader)} is not a leader, so it has no group to validate.`, leader.key);
  }
  const listed = (leader.link?.peers ?? []).filter((p) => p.role === 'follower');
  const claimants = ctx.entries
    .all()
    .filter((e) => e !== leader && e.confirmedId !== leaderId && roleOf(e).leaderId === leaderId && !listed.some((p) => p.id === e.confirmedId));
  const rows: ValidationReport['followers'] = [];

  await forEachLimited(
    listed,
    8,
    async (peer) => {
      const e =
        ctx.entries.all().find((x) => peer.id !== null && (x.confirmedId === peer.id || x.claimedId === peer.id)) ??
        (peer.address ? ctx.entries.byAddress(peer.address, peer.port) : undefined);
      const name = e ? displayName(e) : (peer.name ?? peer.address ?? peer.id ?? 'unknown host');
      const hostId = e?.key ?? peer.id ?? '';
      if (!e) return void rows.push({ hostId, name, ok: false, message: `Listed by ${displayName(leader)}, but Fieldlink cannot reach it to confirm.` });
      const failure = await freshen(ctx, e, signal);
      const why = readiness(e, failure);
      if (why.length) return void rows.push({ hostId, name, ok: false, message: `Listed by the leader, but not confirmed: ${why.join(' ')}` });
      rows.push(checkFollower(e, leader, leaderId, peer.health, peer.healthReason));
    },
    signal,
  );
  for (const e of claimants) {
    rows.push({
      hostId: e.key,
      name: displayName(e),
      ok: false,
      message: `${displayName(e)} says it follows ${displayName(leader)}, but the leader does not list it.`,
    });
  }
  rows.sort((a, b) => a.name.localeCompare(b.name));
  return { leaderId: leader.key, ok: rows.every((r) => r.ok), followers: rows };
}

function checkFollower(
  e: HostEntry,
  leader: HostEntry,
  leaderId: string,
  health: string | null,
  healthReason: string | null,
): ValidationReport['followers'][number] {
  const base = { hostId: e.key, name: displayName(e) };
  if (e.link?.status !== 'Completed') {
    return { ...base, ok: false, message: `Its link status is ${e.link?.status ?? 'not linked'}${e.link?.errorMessage ? `: ${e.link.errorMessage}` : ''}.` };
  }
  const { leaderId: itsLeader } = roleOf(e);
  if (itsLeader !== leaderId) return { ...base, ok: false, message: `It names another leader (${itsLeader ?? 'none'}), not ${displayName(leader)}.` };
  if (health === 'Unhealthy') return { ...base, ok: false, message: `Linked, but the leader reports it Unhealthy${healthReason ? `: ${healthReason}` : '.'}` };
  return { ...base, ok: true, message: `Linked to ${displayName(leader)}.` };
}
