// Which hosts this console made leader itself. An agent without the token-state extension cannot say whether it
// generates tokens, and a fresh leader lists no followers, so this record is the only way to know such a host
// leads: it lets Fieldlink read its token (generate-token starts nothing new on a leader) and refuse it as a
// follower. It is forgotten when Fieldlink asks the host to stop, or sends the technician to its Local UI to do so.
import { z } from 'zod';
import type { StoreProblem } from './atomic-json';
import { RecordFile, type RecordSpec } from './record-file';

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
type Leader = Saved['leaders'][string];

const spec: RecordSpec<Saved, Leader> = {
  name: 'leaders-made.json',
  what: 'the record of hosts this console made leader',
  schema,
  entries: (saved) => saved.leaders,
  file: (leaders) => ({ version: 1, leaders }),
  // A host made leader by both keeps the earlier `since`; otherwise this command's change (made leader, or asked to
  // stop: null) is the newest thing a console did to that host, so it is what the host does now.
  merge: (mine, onDisk) => (mine && onDisk ? onDisk : mine),
};

/** Several fieldlink processes write it at once; each write merges this one's changes, by host, into the file. */
export class LeaderRecordFile implements LeaderRecord {
  private readonly file: RecordFile<Saved, Leader>;
  private readonly leaders: Map<string, Leader>;

  constructor(dir: string, onProblem?: (p: StoreProblem) => void, lockWaitMs?: number) {
    this.file = new RecordFile(dir, spec, onProblem, lockWaitMs);
    this.leaders = this.file.read();
  }

  has(hostId: string): boolean {
    return this.leaders.has(hostId);
  }

  // Both always write, even when this process's view already agrees: another process may have changed that host in
  // the file since this one read it, and this call is the newest word on it (the host just answered).
  add(hostId: string): void {
    const leader = { since: new Date().toISOString() };
    if (!this.leaders.has(hostId)) this.leaders.set(hostId, leader);
    this.file.change(hostId, leader);
  }

  remove(hostId: string): void {
    this.leaders.delete(hostId);
    this.file.change(hostId, null);
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
