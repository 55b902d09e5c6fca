// Builds the `fieldlink` command into dist/cli/ (plain JavaScript, one file per lazily loaded part), so the command
// starts without transpiling TypeScript. Runs from `prepare` after every `npm install` / `npm ci`, and from
// `npm run build:cli`. Plain JavaScript itself: it must run before anything else is built.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../', import.meta.url));
// dist/cli/ on purpose: program.ts finds package.json at ../../ from its own file, in the source and here alike.
// `--outdir` is for the build's own test, which must not replace the CLI other runs are using.
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const outdir = values.outdir ? path.resolve(values.outdir) : `${root}dist/cli`;

// zod is bundled: pure ESM with no dependencies and no state shared with other packages, and its ~95 module files
// cost every command's start more time to find and load (about 30 ms) than the one chunk it becomes.
const BUNDLED = new Set(['zod']);

/** `packages: 'external'` with exceptions: a bare import stays external unless its package is in `bundled`. */
function externalPackagesExcept(bundled) {
  return {
    name: 'external-packages-except',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const parts = args.path.split('/');
        const pkg = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
        return bundled.has(pkg) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

try {
  await rm(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: ['electron/cli/main.ts'],
    outdir,
    bundle: true,
    // Each `import()` becomes its own file: `--help` loads the command table only, not the core or zod.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    // Dependencies stay in node_modules and load as they are (bundling fastify or bonjour changes how they behave),
    // except the few in BUNDLED.
    plugins: [externalPackagesExcept(BUNDLED)],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
} catch (err) {
  // esbuild has already printed the file and line; this says what to do about it.
  process.stderr.write(
    `fieldlink: the command line could not be built (${err instanceof Error ? err.message.split('\n')[0] : String(err)}). Fix the error above, then run \`npm run build:cli\`.\n`,
  );
  process.exit(1);
}
