// Which id a follower's agent accepted in `unlink?peerId=` when the follower unlinked itself, per agent version.
// The spec does not say (see docs/real-hosts.md): the console tries the leader's id first, the follower's own on a
// 400, and remembers what worked so the next unlink on that agent version is right the first time.
import { z } from 'zod';
import type { StoreProblem } from './atomic-json';
import { RecordFile } from './record-file';

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

export class UnlinkChoiceFile implements UnlinkChoice {
  private readonly file: RecordFile<Saved>;
  private readonly byAgent: Map<string, UnlinkPeer>;

  constructor(dir: string, onProblem?: (p: StoreProblem) => void) {
    this.file = new RecordFile(dir, 'unlink-peer-id.json', schema, onProblem);
    this.byAgent = new Map(Object.entries(this.file.read()?.byAgent ?? {}));
  }

  get(agentVersion: string | null): UnlinkPeer | null {
    return this.byAgent.get(agentVersion ?? UNKNOWN) ?? null;
  }

  set(agentVersion: string | null, which: UnlinkPeer): void {
    const key = (agentVersion ?? UNKNOWN).slice(0, 100);
    if (this.byAgent.get(key) === which) return;
    this.byAgent.set(key, which);
    this.file.save({ version: 1, byAgent: Object.fromEntries(this.byAgent) });
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
