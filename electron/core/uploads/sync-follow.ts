// After an upload to a leader: the leader copies the content to each follower, and the technician wants to see
// each one finish. The Local API has no events, so the leader is polled: each follower's word comes from its
// link/status peers[].contentSyncStatus ('Pending', 'InProgress 42%', 'Completed' or 'Synced', 'Failed'), refined by the
// sync-status endpoint when that names this very file (it also tells why a sync failed).
import { z } from 'zod';
import { ConsoleError } from '../../../shared/errors';
import { paths } from '../../../shared/local-api/types';
import { linkStatusSchema } from '../agent/schemas';
import type { AgentClient, CoreContext, HostResultHandle } from '../context';
import { sleep } from '../util/limit';
import { cleanName, cleanText } from '../util/text';

export interface Follower {
  id: string;
  name: string;
  /** address:port, as the leader's sync-status names its targets. */
  target: string;
}

export interface SyncTiming {
  pollMs: number;
  /** Give up on followers whose sync shows no change for this long. */
  stallMs: number;
  /** Consecutive failed polls of the leader before giving up. */
  maxPollFailures: number;
}

export const DEFAULT_SYNC_TIMING: SyncTiming = { pollMs: 1_000, stallMs: 10 * 60_000, maxPollFailures: 5 };

const opt = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const syncStatusSchema = z.looseObject({
  pendingItems: opt(
    z.array(z.unknown()).transform((items) =>
      items.slice(0, 2000).flatMap((i) => {
        const parsed = z.looseObject({ name: opt(z.string()), target: opt(z.string()), status: opt(z.string()), msg: opt(z.string()) }).safeParse(i);
        return parsed.success ? [parsed.data] : [];
      }),
    ),
  ),
  errors: opt(z.record(z.string().max(200), z.unknown())),
});

type PeerList = NonNullable<z.output<typeof linkStatusSchema>['peers']>;

/** The followers a host lists in its link/status; none for a standalone host or an agent without link status. */
export async function followersOf(ctx: CoreContext, agent: AgentClient, signal: AbortSignal): Promise<Follower[]> {
  let peers: PeerList;
  try {
    peers = (await agent.json('GET', paths.linkStatus, linkStatusSchema, 'show its link status', { signal })).peers ?? [];
  } catch (err) {
    if (err instanceof ConsoleError && err.code === 'cancelled') throw err;
    // A host that was never linked may answer 404 here (local-api-notes): it has no followers, nothing went wrong.
    if (err instanceof ConsoleError && err.code === 'not-found') return [];
    ctx.logger.warn('cannot read link status after an upload; not following the sync', { error: err });
    return [];
  }
  const known = new Map(ctx.hosts.list().map((h) => [h.id, h.name]));
  return peers
    .filter((p) => p.role?.toLowerCase() === 'follower' && p.id)
    .map((p) => {
      const target = `${p.ip ?? '?'}:${p.localUIPort ?? '?'}`;
      return { id: p.id!, name: known.get(p.id!) ?? cleanName(p.config?.metadata?.name) ?? target, target };
    });
}

/**
 * Sync words, matched case-insensitively on the first word (after an optional "Sync" or "Content", as in "Sync
 * completed"): the simulator says Completed/Failed, the product's Local UI shows "Synced" in its Content column,
 * other agents may say Complete, Success or Error. Any other word ("Syncing 40%", "Not synced") is shown as it is
 * while the sync is followed.
 */
const DONE_WORD = /^\s*(?:(?:content|sync)\s+)?(completed|complete|synced|success|successful|succeeded|in\s+sync)\b/i;
const FAILED_WORD = /^\s*(?:(?:content|sync)\s+)?(failed|failure|error)\b/i;

type Word = { kind: 'done' } | { kind: 'failed'; reason: string | null } | { kind: 'moving'; text: string } | { kind: 'gone' };

function wordOf(follower: Follower, fileName: string, peers: PeerList, sync: z.output<typeof syncStatusSchema> | null): Word {
  const peer = peers.find((p) => p.id === follower.id);
  if (!peer) return { kind: 'gone' };
  const item = sync?.pendingItems?.find((i) => i.name === fileName && i.target === follower.target);
  const text = cleanText(item?.msg ?? peer.contentSyncStatus, 40) ?? 'Pending';
  const status = item?.status ?? '';
  if (DONE_WORD.test(status) || DONE_WORD.test(text)) return { kind: 'done' };
  if (FAILED_WORD.test(status) || FAILED_WORD.test(text)) {
    return { kind: 'failed', reason: cleanText(sync?.errors?.[follower.id], 200) };
  }
  return { kind: 'moving', text };
}

export interface FollowInput {
  agent: AgentClient;
  leaderName: string;
  fileName: string;
  followers: Follower[];
  rows: Map<string, HostResultHandle>;
  signal: AbortSignal;
  timing: SyncTiming;
}

/** Polls the leader until every follower's sync ended (its row succeeded or failed), or gives up with a reason. */
export async function followSync(input: FollowInput): Promise<void> {
  const open = new Map(input.followers.map((f) => [f.id, f]));
  try {
    await pollUntilDone(input, open);
  } catch (err) {
    // Cancelled: the leader goes on syncing; only Fieldlink stops watching.
    for (const f of open.values()) {
      input.rows
        .get(f.id)
        ?.fail(new ConsoleError('cancelled', `Fieldlink stopped following the sync to ${f.name}; ${input.leaderName} goes on with it.`, f.id));
    }
    throw err;
  }
}

async function pollUntilDone(input: FollowInput, open: Map<string, Follower>): Promise<void> {
  const { agent, leaderName, fileName, rows, signal, timing } = input;
  const seen = new Map<string, string>();
  let lastChange = Date.now();
  let failures = 0;
  const failOpen = (message: (f: Follower) => string) => {
    for (const f of open.values()) rows.get(f.id)?.fail(new ConsoleError('refused', message(f), f.id));
    open.clear();
  };

  while (open.size > 0) {
    let peers: PeerList;
    let sync: z.output<typeof syncStatusSchema> | null = null;
    try {
      [peers, sync] = await Promise.all([
        agent.json('GET', paths.linkStatus, linkStatusSchema, 'show its link status', { signal }).then((s) => s.peers ?? []),
        // Optional: an agent without it still has the peer words.
        agent.json('GET', paths.contentSyncStatus, syncStatusSchema, 'show the content sync status', { signal }).catch((err: unknown) => {
          if (err instanceof ConsoleError && err.code === 'cancelled') throw err;
          return null;
        }),
      ]);
      failures = 0;
    } catch (err) {
      if (signal.aborted) throw err;
      if (++failures >= timing.maxPollFailures) {
        const why = err instanceof ConsoleError ? err.message : 'it does not answer.';
        failOpen(
          (f) => `Fieldlink lost contact with ${leaderName} while following its sync to ${f.name}: ${why} The sync may still finish; check ${leaderName}.`,
        );
        return;
      }
      await sleep(timing.pollMs, signal);
      continue;
    }

    for (const f of [...open.values()]) {
      const row = rows.get(f.id);
      const word = wordOf(f, fileName, peers, sync);
      const key = word.kind === 'moving' ? word.text : word.kind;
      if (seen.get(f.id) !== key) {
        seen.set(f.id, key);
        lastChange = Date.now();
        // Also on the last word, so a finished row never keeps a stale 'InProgress 40%'.
        row?.detail(word.kind === 'moving' ? word.text : word.kind === 'done' ? 'Completed' : word.kind === 'failed' ? 'Failed' : null);
      }
      if (word.kind === 'done') {
        row?.succeed(`${fileName} synced from ${leaderName}.`);
        open.delete(f.id);
      } else if (word.kind === 'failed') {
        row?.fail(
          new ConsoleError(
            'refused',
            `${leaderName} could not sync ${fileName} to ${f.name}${word.reason ? `: ${word.reason}` : ''}. Check that ${f.name} is on and still linked.`,
            f.id,
          ),
        );
        open.delete(f.id);
      } else if (word.kind === 'gone') {
        row?.fail(new ConsoleError('refused', `${f.name} is no longer linked to ${leaderName}, so it will not receive ${fileName}.`, f.id));
        open.delete(f.id);
      }
    }
    if (open.size === 0) return;
    if (Date.now() - lastChange > timing.stallMs) {
      failOpen(
        (f) =>
          `The sync of ${fileName} to ${f.name} made no progress for ${duration(timing.stallMs)}; Fieldlink stopped waiting. ${leaderName} may still finish it: check its sync status later.`,
      );
      return;
    }
    await sleep(timing.pollMs, signal);
  }
}

function duration(ms: number): string {
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  const minutes = Math.round(ms / 60_000);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
