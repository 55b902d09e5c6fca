// One fieldlink command writing a state-folder record, as a process of its own for the two-writer tests in
// electron/core/store/: prints "ready", waits for "go" on stdin (so two of them start writing at the same moment),
// makes its changes one write at a time (each awaited), then prints "done" (or the problems it was told of).
// Usage: node --import tsx record-writer.ts <login|leaders|unlink> <state dir> <name prefix> <count>
//   login    refuses the logins of https://<prefix>-<i>:5080 (user kairos), i < count
//   leaders  makes <prefix>-<i> leader, i < count; then "both-made"; then stops <prefix>-0 leading
//   unlink   records agent <prefix>-<i> as taking the leader's id (even i) or its own (odd i); then "both-seen",
//            where alpha saw the leader's id and any other prefix the own id taken
import { createInterface } from 'node:readline';
import type { StoreProblem } from '../../core/store/atomic-json';
import { LeaderRecordFile } from '../../core/store/leader-record';
import { LoginGuardFile } from '../../core/store/login-guard';
import { UnlinkChoiceFile } from '../../core/store/unlink-choice';

const [kind, dir, prefix, countText] = process.argv.slice(2);
if (!kind || !dir || !prefix || !countText) throw new Error('usage: record-writer.ts <login|leaders|unlink> <state dir> <name prefix> <count>');
const count = Number(countText);
const problems: string[] = [];
const onProblem = (p: StoreProblem) => problems.push(p.message);

/** Each step changes the record once and waits for that write. */
function steps(): (() => Promise<void>)[] {
  const each = Array.from({ length: count }, (_, i) => i);
  if (kind === 'login') {
    const guard = new LoginGuardFile(dir!, false, onProblem);
    return each.map((i) => () => {
      guard.refused(`https://${prefix}-${i}:5080`, 'kairos', { kind: 'failed', until: Date.now() + 60_000, message: `refused by ${prefix}-${i}` });
      return guard.flush();
    });
  }
  if (kind === 'leaders') {
    const leaders = new LeaderRecordFile(dir!, onProblem);
    const step = (change: () => void) => () => {
      change();
      return leaders.flush();
    };
    return [...each.map((i) => step(() => leaders.add(`${prefix}-${i}`))), step(() => leaders.add('both-made')), step(() => leaders.remove(`${prefix}-0`))];
  }
  if (kind === 'unlink') {
    const choice = new UnlinkChoiceFile(dir!, onProblem);
    const step = (change: () => void) => () => {
      change();
      return choice.flush();
    };
    return [
      ...each.map((i) => step(() => choice.set(`${prefix}-${i}`, i % 2 ? 'own' : 'leader'))),
      step(() => choice.set('both-seen', prefix === 'alpha' ? 'leader' : 'own')),
    ];
  }
  throw new Error(`record-writer.ts: unknown record "${kind}"; use login, leaders or unlink`);
}

const run = steps();
console.log('ready');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'go') continue;
  for (const step of run) await step();
  console.log(problems.length ? `problems: ${problems.join('; ')}` : 'done');
  break;
}
