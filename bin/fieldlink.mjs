#!/usr/bin/env node
// The `fieldlink` command: runs the CLI built into dist/cli/ (by `prepare` on `npm install`, or `npm run build:cli`),
// so it starts as fast as plain Node. `npm run cli -- ...` runs the TypeScript source instead, for development.
const entry = new URL('../dist/cli/start.cjs', import.meta.url);
try {
  await import(entry.href);
} catch (err) {
  const missing = err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/start.cjs');
  // A checkout that was never built, or a broken build, is one line saying what to run, not a stack trace.
  process.stderr.write(
    missing
      ? 'fieldlink: the command line is not built in this checkout. Run `npm install` (or `npm run build:cli`) first.\n'
      : `fieldlink: could not start: ${err instanceof Error ? err.message : String(err)}. Run \`npm run build:cli\` to rebuild it.\n`,
  );
  process.exit(1);
}
