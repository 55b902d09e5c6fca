// The console core inside the console's network namespace, driven over stdin/stdout with JSON lines through the same
// contract and dispatch as the other bridges: in `{id, command, input}`, out `{id, envelope}` and `{event, payload}`.
// It uses the core's default interface selection, which is the point of the site-network test.
import { createInterface } from 'node:readline';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eventNames } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import { createConsoleCore, MemoryVault } from '../../electron/core/index';

const stateDir = process.env.FIELDLINK_STATE_DIR ?? (await mkdtemp(path.join(os.tmpdir(), 'fieldlink-netns-')));
const core = await createConsoleCore({ stateDir, vault: new MemoryVault(), bridge: 'cli' });

const send = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);
for (const event of eventNames) core.on(event, (payload) => send({ event, payload }));

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let request: { id?: unknown; command?: unknown; input?: unknown };
  try {
    request = JSON.parse(line) as typeof request;
  } catch {
    return;
  }
  // dispatch answers every failure as an envelope (unexpected ones also reach stderr above), so this never rejects.
  void dispatch(core.handlers, request.command, request.input, (err) => process.stderr.write(`${String(err)}\n`)).then((envelope) =>
    send({ id: request.id, envelope }),
  );
});
lines.on('close', () => {
  core.close().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`The console core did not close cleanly: ${String(err)}\n`);
      process.exit(1);
    },
  );
});
send({ ready: true });
