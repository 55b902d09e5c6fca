// Which id a follower's agent accepted in `unlink?peerId=` when the follower unlinked itself, per agent version.
// The spec does not say (see docs/real-hosts.md): the console tries the leader's id first, the follower's own on a
// 400, and remembers what worked so the next unlink on that agent version is right the first time.
import { z } from 'zod';
import type { StoreProblem } from './atomic-json';
import { RecordFile, type RecordSpec } from './record-file';

export type UnlinkPeer = 'leader' | 'own';

export interface UnlinkChoice {
  get(agentVersion: string | null): UnlinkPeer | null;
  set(agentVersion: string | null, which: UnlinkPeer): void;
  flush(): Promise<void>;
}

const schema = z.object({ version: z.literal(1), byAgent: z.record(z.string().max(100), z.enum(['leader', 'own'])) });
type Saved = z.output<typeof schema>;
/** Agents that do not report a version share one entry. */
const UNKNOWN = '(unknown)';
const keyOf = (agentVersion: string | null): string => (agentVersion ?? UNKNOWN).slice(0, 100);

const spec: RecordSpec<Saved, UnlinkPeer> = {
  name: 'unlink-peer-id.json',
  what: 'the record of which id each agent version accepts in unlink',
  schema,
  entries: (saved) => saved.byAgent,
  file: (byAgent) => ({ version: 1, byAgent }),
  // Both answers were accepted by an agent of that version just now, so either is right; the newer one is kept.
  merge: (mine) => mine,
};

/** Several fieldlink processes write it at once; each write merges this one's answers, by agent version, into the file. */
export class UnlinkChoiceFile implements UnlinkChoice {
  private readonly file: RecordFile<Saved, UnlinkPeer>;
  private readonly byAgent: Map<string, UnlinkPeer>;

  constructor(dir: string, onProblem?: (p: StoreProblem) => void, lockWaitMs?: number) {
    this.file = new RecordFile(dir, spec, onProblem, lockWaitMs);
    this.byAgent = this.file.read();
  }

  get(agentVersion: string | null): UnlinkPeer | null {
    return this.byAgent.get(keyOf(agentVersion)) ?? null;
  }

  set(agentVersion: string | null, which: UnlinkPeer): void {
    const key = keyOf(agentVersion);
    if (this.byAgent.get(key) === which) return;
    this.byAgent.set(key, which);
    this.file.change(key, which);
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
