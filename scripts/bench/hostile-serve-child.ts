// The process under measurement for scripts/bench-hostile.ts: `serve` as `npm run serve` runs it (the console core,
// the WebSocket bridge and the static site on 127.0.0.1, mDNS on loopback), driven over IPC by the parent, which
// asks it for its own memory and CPU figures.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { dispatch } from '../../shared/dispatch';
import { createConsoleCore, MemoryVault } from '../../electron/core/index';
import { startServe } from '../../electron/serve';

interface CallMessage {
  id: number;
  name: string;
  input: unknown;
}

async function main(): Promise<void> {
  const trusted = (process.env.BENCH_TRUST_HOSTS ?? '').split(',').filter(Boolean);
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-bench-hostile-'));
  const core = await createConsoleCore({
    stateDir,
    vault: new MemoryVault(),
    bridge: 'browser',
    mdnsInterfaces: ['127.0.0.1'],
    // The technician took in the two hosts under test (scoped, as `--trust-new` on the command line does).
    trustNew: { hosts: trusted },
  });
  const serve = await startServe({ core, logger: { warn: () => undefined, error: () => undefined } });
  await dispatch(core.handlers, 'credentials.setSite', { username: 'kairos', password: 'kairos' });
  process.on('message', (msg: CallMessage | { usage: number } | 'stop') => {
    if (msg === 'stop') {
      serve
        .close()
        .then(() => core.close())
        .then(
          () => process.exit(0),
          (err: unknown) => {
            process.stderr.write(`The bench's serve process did not close cleanly: ${String(err)}\n`);
            process.exit(1);
          },
        );
      return;
    }
    if ('usage' in msg) {
      const cpu = process.cpuUsage();
      process.send?.({ usage: msg.usage, rss: process.memoryUsage().rss, cpuMicros: cpu.user + cpu.system, hosts: 0 });
      return;
    }
    // dispatch answers every failure as an envelope, so this never rejects.
    void dispatch(core.handlers, msg.name as never, msg.input as never).then((answer) => process.send?.({ id: msg.id, answer }));
  });
  process.send?.('ready');
}

// The parent inherits this stderr, so a failed start is printed there.
main().catch((err: unknown) => {
  process.stderr.write(`The bench's serve process could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
