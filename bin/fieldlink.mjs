#!/usr/bin/env node
// The `fieldlink` command: runs the TypeScript CLI through tsx, so `npx fieldlink` works from a checkout.
import { register } from 'tsx/esm/api';

register();
try {
  await import('../electron/cli/main.ts');
} catch (err) {
  // A broken checkout (a missing file, a syntax error) is one line, not a stack trace.
  process.stderr.write(`fieldlink: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
