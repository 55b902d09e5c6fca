// `npm run bench:trust`: the audit of issue 12 anyone can repeat. A foreign simulated site announces three hosts
// over mDNS on 127.0.0.1 (same user and password as ours) while `fieldlink link --leader A B --trust-new` runs
// against two hosts of our own site named by address. Prints one JSON line per run: what was pinned, whether any
// foreign host was sent a login, and how long the command took. `--before` adds a run with the old behaviour
// (every first-seen certificate trusted), to show what the measurement catches.
import { runForeignSiteScenario } from '../electron/test-kit/core/foreign-site-scenario';

async function main(): Promise<void> {
  const modes: { label: string; trustEverything: boolean; trustPeers: boolean }[] = [
    { label: 'scoped --trust-new', trustEverything: false, trustPeers: false },
    { label: 'scoped --trust-new --trust-peers', trustEverything: false, trustPeers: true },
  ];
  if (process.argv.includes('--before')) modes.push({ label: 'before the fix (trust every first-seen certificate)', trustEverything: true, trustPeers: false });
  let ok = true;
  for (const mode of modes) {
    const r = await runForeignSiteScenario(mode);
    const foreignPinned = r.pinned.filter((ep) => r.foreign.includes(ep));
    const namedPinned = r.named.filter((ep) => r.pinned.includes(ep));
    const pass = foreignPinned.length === 0 && r.foreignLoginTried.length === 0 && namedPinned.length === r.named.length && r.exitCode === 0;
    if (!mode.trustEverything) ok &&= pass;
    process.stdout.write(
      `${JSON.stringify({
        run: mode.label,
        exitCode: r.exitCode,
        foreignAnnounced: r.foreign.length,
        foreignSeenBeforeAct: r.foreignSeen,
        foreignPinned: foreignPinned.length,
        foreignLoginTried: r.foreignLoginTried.length,
        namedPinned: `${namedPinned.length}/${r.named.length}`,
        leaderLinked: r.linked,
        ms: r.ms,
        pass,
      })}\n`,
    );
  }
  process.exitCode = ok ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:trust could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
