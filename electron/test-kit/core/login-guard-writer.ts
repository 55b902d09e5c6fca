// One CLI command's login guard, as a process of its own for login-guard.test.ts: prints "ready", waits for "go" on
// stdin (so two of them start writing at the same moment), records COUNT refusals one write at a time, prints "done".
// Usage: node --import tsx login-guard-writer.ts <state dir> <endpoint prefix> <count>
import { createInterface } from 'node:readline';
import { LoginGuardFile } from '../../core/store/login-guard';

const [dir, prefix, count] = process.argv.slice(2);
if (!dir || !prefix || !count) throw new Error('usage: login-guard-writer.ts <state dir> <endpoint prefix> <count>');
const problems: string[] = [];
const guard = new LoginGuardFile(dir, false, (p) => problems.push(p.message));
console.log('ready');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'go') continue;
  for (let i = 0; i < Number(count); i++) {
    guard.refused(`https://${prefix}-${i}:5080`, 'kairos', { kind: 'failed', until: Date.now() + 60_000, message: `refused by ${prefix}-${i}` });
    await guard.flush();
  }
  console.log(problems.length ? `problems: ${problems.join('; ')}` : 'done');
  break;
}
