// A plan against the live site: which hosts the plan names, what is already true, which actions would make the rest
// true (in the order apply takes them: make leader, link, unlink, upload), and what blocks, with a reason per host.
// Hosts are read afresh (as the interactive commands' preflight does); nothing is sent that changes a host.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { PlanAction, PlanBlocked, PlanCheck, PlanGroupView, PlanProblem, PlanRowState } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { displayName, type HostEntry } from '../hosts/entry';
import { roleOf } from '../hosts/view';
import { freshenAll } from '../linking/env';
import { nameOf } from '../linking/link-followers';
import { followerReasons, leaderReasons, readiness } from '../linking/preflight';
import { fileSha256, storedContent, syncDone } from './host-content';
import { readPlanFile, type ParsedPlan, type PlanGroup, type PlanRef } from './parse-plan';

export interface PlanDeps {
  ctx: CoreContext;
}

interface Resolved {
  plan: ParsedPlan;
  entries: Map<PlanRef, HostEntry>;
}

function emptyCheck(file: string, prune: boolean, problems: PlanProblem[], site: string | null = null): PlanCheck {
  return { file, site, prune, problems, actions: [], blocked: [], groups: [], matches: false };
}

/** Every ref of the plan to a known host; an unknown host or one host named twice makes the plan unusable. */
function resolve(deps: PlanDeps, plan: ParsedPlan): { resolved: Resolved | null; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [];
  const entries = new Map<PlanRef, HostEntry>();
  const seen = new Map<HostEntry, PlanRef>();
  const refs = plan.groups.flatMap((g) => [g.leader, ...g.followers]);
  for (const ref of refs) {
    let e: HostEntry | null;
    try {
      e = deps.ctx.entries.find(ref.ref);
    } catch (err) {
      problems.push({ line: ref.line, message: err instanceof ConsoleError ? err.message : `${ref.ref} cannot be looked up.` });
      continue;
    }
    if (!e) {
      problems.push({
        line: ref.line,
        message: `Unknown host "${ref.ref}": no host on this site has this id, name or address. Check the plan, or add the host by address (ip:port) first.`,
      });
      continue;
    }
    const before = seen.get(e);
    if (before) {
      problems.push({
        line: ref.line,
        message: `"${ref.ref}" and "${before.ref}" (line ${before.line ?? '?'}) are the same host, ${displayName(e)}: a host belongs to one group only.`,
      });
      continue;
    }
    seen.set(e, ref);
    entries.set(ref, e);
  }
  return { resolved: problems.length ? null : { plan, entries }, problems };
}

/** Reads the plan file and compares it with the site. Never changes a host. */
export async function checkPlan(deps: PlanDeps, file: string, prune: boolean, signal?: AbortSignal): Promise<PlanCheck> {
  const absolute = path.resolve(file);
  const parsed = await readPlanFile(absolute);
  if (!parsed.plan) return emptyCheck(absolute, prune, parsed.problems);
  const { resolved, problems } = resolve(deps, parsed.plan);
  if (!resolved) return emptyCheck(absolute, prune, problems, parsed.plan.site);
  const all = [...new Set(resolved.entries.values())];
  const failures = await freshenAll(deps.ctx, all, signal);
  const out: PlanCheck = { file: absolute, site: parsed.plan.site, prune, problems: [], actions: [], blocked: [], groups: [], matches: false };
  const moves: { make: PlanAction[]; link: PlanAction[]; unlink: PlanAction[]; upload: PlanAction[] } = { make: [], link: [], unlink: [], upload: [] };
  let unsynced = false;
  for (const group of resolved.plan.groups) {
    const view = await checkGroup(deps, group, resolved, failures, prune, moves, out.blocked, signal);
    if (view.unsynced) unsynced = true;
    out.groups.push(view.group);
  }
  out.actions = [...moves.make, ...moves.link, ...moves.unlink, ...moves.upload];
  out.matches = out.actions.length === 0 && out.blocked.length === 0 && !unsynced;
  return out;
}

type Moves = { make: PlanAction[]; link: PlanAction[]; unlink: PlanAction[]; upload: PlanAction[] };

async function checkGroup(
  deps: PlanDeps,
  group: PlanGroup,
  resolved: Resolved,
  failures: Map<HostEntry, ConsoleError | null>,
  prune: boolean,
  moves: Moves,
  blocked: PlanBlocked[],
  signal: AbortSignal | undefined,
): Promise<{ group: PlanGroupView; unsynced: boolean }> {
  const { ctx } = deps;
  const L = resolved.entries.get(group.leader)!;
  const lName = displayName(L);
  const block = (ref: PlanRef, e: HostEntry | null, reasons: string[]) =>
    blocked.push({ ref: ref.ref, hostId: e?.key ?? null, name: e ? displayName(e) : ref.ref, line: ref.line, reasons });
  const action = (kind: PlanAction['kind'], e: HostEntry, line: number | null, description: string, file: string | null = null): PlanAction => ({
    kind,
    hostId: e.key,
    hostName: displayName(e),
    leaderId: L.key,
    leaderName: lName,
    file,
    line,
    description,
  });

  const leaderProblems = leaderReasons(L, failures.get(L) ?? null);
  const isLeader = roleOf(L).role === 'leader';
  let leaderRow: PlanGroupView['leader'];
  if (leaderProblems.length) {
    block(group.leader, L, leaderProblems);
    leaderRow = { ref: group.leader.ref, hostId: L.key, name: lName, state: 'blocked', note: leaderProblems.join(' ') };
  } else if (isLeader) {
    leaderRow = { ref: group.leader.ref, hostId: L.key, name: lName, state: 'ok', note: 'Leader.' };
  } else {
    moves.make.push(action('make-leader', L, group.leader.line, `Make ${lName} the leader (start its token generation).`));
    leaderRow = { ref: group.leader.ref, hostId: L.key, name: lName, state: 'change', note: 'Will be made the leader.' };
  }

  const peers = L.link?.peers ?? [];
  const peerOf = (e: HostEntry) => (e.confirmedId ? peers.find((p) => p.id === e.confirmedId && p.role === 'follower') : undefined);
  const hasContent = group.content.length > 0;
  let unsynced = false;
  const followers: PlanGroupView['followers'] = [];
  const toLink: HostEntry[] = [];
  for (const ref of group.followers) {
    const F = resolved.entries.get(ref)!;
    const fName = displayName(F);
    const peer = peerOf(F);
    const linkedHere = !!peer || (roleOf(F).role === 'follower' && !!L.confirmedId && roleOf(F).leaderId === L.confirmedId);
    if (linkedHere) {
      const sync = peer?.contentSyncStatus ?? null;
      if (hasContent && !syncDone(sync)) unsynced = true;
      followers.push({ ref: ref.ref, hostId: F.key, name: fName, state: 'ok', note: `Linked to ${lName}.`, sync });
      continue;
    }
    const reasons = leaderProblems.length
      ? [...readiness(F, failures.get(F) ?? null), `Its leader ${lName} cannot take followers (see ${lName}).`]
      : followerReasons(F, L, failures.get(F) ?? null, (id) => nameOf(ctx, id));
    if (reasons.length) {
      block(ref, F, reasons);
      followers.push({ ref: ref.ref, hostId: F.key, name: fName, state: 'blocked', note: reasons.join(' '), sync: null });
    } else {
      toLink.push(F);
      moves.link.push(action('link', F, ref.line, `Link ${fName} to ${lName}.`));
      followers.push({ ref: ref.ref, hostId: F.key, name: fName, state: 'change', note: `Will be linked to ${lName}.`, sync: null });
    }
  }
  if (toLink.length && hasContent) unsynced = true;

  // Followers linked to this leader that the plan does not name: unlinked with --prune, shown otherwise.
  const planned = new Set([...group.followers].map((r) => resolved.entries.get(r)!.confirmedId).filter(Boolean));
  for (const p of peers.filter((p) => p.role === 'follower' && p.id && !planned.has(p.id))) {
    const e = ctx.entries.all().find((x) => x.confirmedId === p.id) ?? null;
    const name = e ? displayName(e) : (p.name ?? p.id ?? `${p.address ?? '?'}:${p.port}`);
    const ref: PlanRef = { ref: name, line: group.leader.line };
    if (!prune) {
      followers.push({
        ref: name,
        hostId: e?.key ?? null,
        name,
        state: 'extra',
        note: `Linked to ${lName} but not in the plan (apply --prune unlinks it).`,
        sync: p.contentSyncStatus ?? null,
      });
    } else if (!e) {
      block(ref, null, [`${name} is linked to ${lName} but unknown to Fieldlink: add it by address (${p.address ?? '?'}:${p.port}) so it can be unlinked.`]);
      followers.push({ ref: name, hostId: null, name, state: 'blocked', note: 'Unknown to Fieldlink: add it by address.', sync: null });
    } else {
      moves.unlink.push(action('unlink', e, group.leader.line, `Unlink ${name} from ${lName} (not in the plan).`));
      followers.push({ ref: name, hostId: e.key, name, state: 'change', note: `Will be unlinked from ${lName}.`, sync: null });
    }
  }

  const content = await checkContent(deps, group, L, leaderProblems.length > 0, moves, action, signal);
  return { group: { leader: leaderRow, followers, content }, unsynced };
}

async function checkContent(
  deps: PlanDeps,
  group: PlanGroup,
  L: HostEntry,
  leaderBlocked: boolean,
  moves: Moves,
  action: (kind: PlanAction['kind'], e: HostEntry, line: number | null, description: string, file: string | null) => PlanAction,
  signal: AbortSignal | undefined,
): Promise<PlanGroupView['content']> {
  if (!group.content.length) return [];
  const lName = displayName(L);
  const rows = await Promise.all(
    group.content.map(async (b) => ({ b, name: path.basename(b.path), sha256: await fileSha256(b.path, signal), size: (await stat(b.path)).size })),
  );
  if (leaderBlocked) {
    return rows.map((f) => ({
      path: f.b.path,
      name: f.name,
      size: f.size,
      sha256: f.sha256,
      state: 'blocked' as PlanRowState,
      note: `${lName} cannot be worked with (see its row).`,
    }));
  }
  // A host reports only its last upload: the plan's content holds when that is the plan's last bundle, byte for byte.
  const stored = await storedContent(deps.ctx, L.key, signal);
  const last = rows[rows.length - 1]!;
  const there = !!stored && stored.fileName === last.name && stored.sha256 === last.sha256;
  return rows.map((f) => {
    if (there) {
      const note = f === last ? `On ${lName} (sha256 ${f.sha256.slice(0, 12)}…).` : `Uploaded before ${last.name} (a host reports only its last upload).`;
      return { path: f.b.path, name: f.name, size: f.size, sha256: f.sha256, state: 'ok' as PlanRowState, note };
    }
    moves.upload.push(action('upload', L, f.b.line, `Upload ${f.name} to ${lName} and follow its sync to the followers.`, f.b.path));
    return { path: f.b.path, name: f.name, size: f.size, sha256: f.sha256, state: 'change' as PlanRowState, note: `Will be uploaded to ${lName}.` };
  });
}
