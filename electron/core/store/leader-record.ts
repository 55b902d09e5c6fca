// Which hosts this console made leader itself. An agent without the token-state extension cannot say whether it
// generates tokens, and a fresh leader lists no followers, so this record is the only way to know such a host
// leads: it lets Fieldlink read its token (generate-token starts nothing new on a leader) and refuse it as a
// follower. It is forgotten when Fieldlink asks the host to stop, or sends the technician to its Local UI to do so.
import { z } from 'zod';
import type { StoreProblem } from './atomic-json';
import { RecordFile } from './record-file';

export interface LeaderRecord {
  has(hostId: string): boolean;
  add(hostId: string): void;
  remove(hostId: string): void;
  flush(): Promise<void>;
}

const schema = z.object({
  version: z.literal(1),
  leaders: z.record(z.string().max(100), z.object({ since: z.string().max(40) })),
});
type Saved = z.output<typeof schema>;

export class LeaderRecordFile implements LeaderRecord {
  private readonly file: RecordFile<Saved>;
  private readonly leaders: Map<string, string>;

  constructor(dir: string, onProblem?: (p: StoreProblem) => void) {
    this.file = new RecordFile(dir, 'leaders-made.json', schema, onProblem);
    this.leaders = new Map(Object.entries(this.file.read()?.leaders ?? {}).map(([id, v]) => [id, v.since]));
  }

  has(hostId: string): boolean {
    return this.leaders.has(hostId);
  }

  add(hostId: string): void {
    if (this.leaders.has(hostId)) return;
    this.leaders.set(hostId, new Date().toISOString());
    this.save();
  }

  remove(hostId: string): void {
    if (this.leaders.delete(hostId)) this.save();
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  private save(): void {
    this.file.save({ version: 1, leaders: Object.fromEntries([...this.leaders].map(([id, since]) => [id, { since }])) });
  }
}
