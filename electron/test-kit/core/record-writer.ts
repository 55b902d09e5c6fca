// One fieldlink command writing a state-folder record, as a process of its own for the two-writer tests in
// electron/core/store/: prints "ready", waits for "go" on stdin (so two of them start writing at the same moment),
// makes its changes one write at a time (each awaited), then prints "done" (or the problems it was told of).
// Usage: node --import tsx record-writer.ts <login|leaders|unlink|pins|hosts> <state dir> <name prefix> <count>
//   login    refuses the logins of https://<prefix>-<i>:5080 (user kairos), i < count
//   leaders  makes <prefix>-<i> leader, i < count; then "both-made"; then stops <prefix>-0 leading
//   unlink   records agent <prefix>-<i> as taking the leader's id (even i) or its own (odd i); then "both-seen",
//            where alpha saw the leader's id and any other prefix the own id taken
//   pins     pins a certificate for agent <prefix>-<i> at 10.<n>.0.<i>:5080 (certificates.json), n 1 for alpha, 2 else
//   hosts    meets host <prefix>-<i> at 10.<n>.0.<i>:5080 and saves that host alone (hosts.json), as a command
//            that met one host does: each save must keep every host saved before it, by either writer
import { createInterface } from 'node:readline';
import type { StoreProblem } from '../../core/store/atomic-json';
import { KnownHostsStore, type KnownHost } from '../../core/store/known-hosts-store';
import { LeaderRecordFile } from '../../core/store/leader-record';
import { LoginGuardFile } from '../../core/store/login-guard';
import { PinStore } from '../../core/store/pin-store';
import { UnlinkChoiceFile } from '../../core/store/unlink-choice';
import { normalizeFingerprint } from '../../core/util/fingerprint';

const [kind, dir, prefix, countText] = process.argv.slice(2);
if (!kind || !dir || !prefix || !countText) throw new Error('usage: record-writer.ts <login|leaders|unlink|pins|hosts> <state dir> <name prefix> <count>');
const count = Number(countText);
const problems: string[] = [];
const onProblem = (p: StoreProblem) => problems.push(p.message);

/** Each writer's hosts on a subnet of its own, so the two never share an address. */
const address = (i: number) => `10.${prefix === 'alpha' ? 1 : 2}.0.${i}`;

/** Each step changes the record once and waits for that write. */
async function steps(): Promise<(() => Promise<void>)[]> {
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
  if (kind === 'pins') {
    const pins = new PinStore(dir!, onProblem);
    await pins.load();
    return each.map((i) => () => {
      const fingerprint = normalizeFingerprint(`${prefix === 'alpha' ? 'a' : 'b'}${i.toString(16).padStart(2, '0')}`.padEnd(64, '0'))!;
      pins.trust({ confirmedId: `${prefix}-${i}`, claimedId: null, endpoint: `${address(i)}:5080` }, fingerprint);
      return pins.flush();
    });
  }
  if (kind === 'hosts') {
    const store = new KnownHostsStore(dir!, onProblem);
    return each.map((i) => () => {
      const host: KnownHost = {
        key: `${address(i)}:5080`,
        confirmedId: null,
        claimedId: null,
        name: `${prefix}-${i}`,
        address: address(i),
        port: 5080,
        sources: ['manual'],
        lastSeen: null,
        pinned: false,
        facts: null,
      };
      return store.save([host]);
    });
  }
  throw new Error(`record-writer.ts: unknown record "${kind}"; use login, leaders, unlink, pins or hosts`);
}

const run = await steps();
console.log('ready');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'go') continue;
  for (const step of run) await step();
  console.log(problems.length ? `problems: ${problems.join('; ')}` : 'done');
  break;
}
