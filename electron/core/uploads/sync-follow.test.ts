// Following a leader's content sync with the words real agents use: matched case-insensitively, unknown words shown
// as they are, and a sync that stops changing ended with a clear message after a bounded time.
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../shared/errors';
import type { AgentClient, CoreContext, HostResultHandle } from '../context';
import { followersOf, followSync, type Follower } from './sync-follow';

const F1: Follower = { id: `edge-${'a1'.repeat(16)}`, name: 'edge-2', target: '10.0.0.2:5080' };
const F2: Follower = { id: `edge-${'b2'.repeat(16)}`, name: 'edge-3', target: '10.0.0.3:5080' };

/** A leader whose link status shows each follower's word from `words` (one list entry per poll, the last repeats). */
function leader(words: Record<string, string[]>): AgentClient {
  let poll = 0;
  return {
    json: async (_method: string, path: string) => {
      if (path.endsWith('/sync-status/details')) throw Object.assign(new Error('no such route'), { code: 'not-found' });
      const i = poll++;
      return {
        peers: Object.entries(words).map(([id, list]) => ({ id, role: 'follower', contentSyncStatus: list[Math.min(i, list.length - 1)] })),
      };
    },
  } as unknown as AgentClient;
}

interface Seen {
  details: (string | null)[];
  end: string | null;
  message: string | null;
}

function rows(): { map: Map<string, HostResultHandle>; seen: Record<string, Seen> } {
  const seen: Record<string, Seen> = {};
  const map = new Map<string, HostResultHandle>();
  for (const f of [F1, F2]) {
    const s: Seen = (seen[f.id] = { details: [], end: null, message: null });
    map.set(f.id, {
      running: () => undefined,
      detail: (d) => void s.details.push(d),
      succeed: (m) => void Object.assign(s, { end: 'succeeded', message: m ?? null }),
      fail: (err) => void Object.assign(s, { end: 'failed', message: (err as Error).message }),
      refuse: (r) => void Object.assign(s, { end: 'refused', message: r }),
      state: 'running',
    } as HostResultHandle);
  }
  return { map, seen };
}

const timing = { pollMs: 5, stallMs: 200, maxPollFailures: 3 };

describe('following a sync', () => {
  it('takes Synced, SUCCESS and complete as done and Error as failed, in any case', async () => {
    const { map, seen } = rows();
    await followSync({
      agent: leader({ [F1.id]: ['Syncing 10%', 'SYNCED'], [F2.id]: ['pending', 'error: disk full'] }),
      leaderName: 'edge-1',
      fileName: 'bundle.tar.zst',
      followers: [F1, F2],
      rows: map,
      signal: new AbortController().signal,
      timing,
    });
    expect(seen[F1.id]).toMatchObject({ end: 'succeeded', message: 'bundle.tar.zst synced from edge-1.' });
    // The word the agent used is shown as it is while it moves.
    expect(seen[F1.id]!.details).toContain('Syncing 10%');
    expect(seen[F2.id]).toMatchObject({ end: 'failed', message: expect.stringMatching(/could not sync bundle\.tar\.zst to edge-3/) });
    for (const word of ['success', 'Complete', 'completed', 'Sync completed', 'content SYNCED', 'In sync']) {
      const r = rows();
      await followSync({
        agent: leader({ [F1.id]: [word] }),
        leaderName: 'edge-1',
        fileName: 'b',
        followers: [F1],
        rows: r.map,
        signal: new AbortController().signal,
        timing,
      });
      expect(r.seen[F1.id]!.end, word).toBe('succeeded');
    }
  });

  it('takes "Sync failed" as failed, and never reads "Syncing" or "Not synced" as done', async () => {
    const { map, seen } = rows();
    await followSync({
      agent: leader({ [F1.id]: ['Syncing 5%', 'Not synced', 'Sync failed'], [F2.id]: ['Syncing', 'Not synced'] }),
      leaderName: 'edge-1',
      fileName: 'b',
      followers: [F1, F2],
      rows: map,
      signal: new AbortController().signal,
      timing,
    });
    expect(seen[F1.id]).toMatchObject({ end: 'failed', message: expect.stringMatching(/could not sync b to/) });
    expect(seen[F1.id]!.details).toEqual(['Syncing 5%', 'Not synced', 'Failed']);
    expect(seen[F2.id]).toMatchObject({ end: 'failed', message: expect.stringMatching(/made no progress/) });
  });

  it('ends a sync whose word stops changing with a clear message', async () => {
    const { map, seen } = rows();
    await followSync({
      agent: leader({ [F1.id]: ['Transferring'] }),
      leaderName: 'edge-1',
      fileName: 'bundle.tar.zst',
      followers: [F1],
      rows: map,
      signal: new AbortController().signal,
      timing,
    });
    expect(seen[F1.id]).toMatchObject({ end: 'failed', message: expect.stringMatching(/made no progress for 1 s; Fieldlink stopped waiting/) });
    expect(seen[F1.id]!.details).toEqual(['Transferring']);
  });
});

describe('the followers to follow', () => {
  const ctxWith = (warnings: string[]) =>
    ({
      logger: { info: () => undefined, warn: (msg: string) => void warnings.push(msg), error: () => undefined },
      hosts: { list: () => [] },
    }) as unknown as CoreContext;
  const answering = (err: Error) => ({ json: () => Promise.reject(err) }) as unknown as AgentClient;

  it('are none, quietly, for a host that was never linked (link/status answers 404)', async () => {
    const warnings: string[] = [];
    const notLinked = new ConsoleError('not-found', 'edge-1 could not show its link status: not found');
    expect(await followersOf(ctxWith(warnings), answering(notLinked), new AbortController().signal)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('are none, with a warning in the log, when link/status fails otherwise', async () => {
    const warnings: string[] = [];
    const broken = new ConsoleError('bad-answer', 'edge-1 could not show its link status (HTTP 500)');
    expect(await followersOf(ctxWith(warnings), answering(broken), new AbortController().signal)).toEqual([]);
    expect(warnings).toEqual(['cannot read link status after an upload; not following the sync']);
  });
});
