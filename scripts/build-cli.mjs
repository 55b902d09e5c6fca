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

// zod, got (with the packages it is made of) and commander are bundled: none keeps state shared with other packages,
// and their module files cost every command's start more time to find and load (zod's ~95 files about 30 ms; got's
// ~150 about 50 ms of a `status`) than the few chunks they become.
const BUNDLED = new Set([
  'zod',
  'got',
  '@sindresorhus/is',
  '@szmarczak/http-timer',
  'cacheable-lookup',
  'cacheable-request',
  'decompress-response',
  'form-data-encoder',
  'http2-wrapper',
  'lowercase-keys',
  'p-cancelable',
  'responselike',
  'keyv',
  'normalize-url',
  'mimic-response',
  'get-stream',
  'defer-to-connect',
  'byte-counter',
  'chunk-data',
  'type-fest',
  'quick-lru',
  'resolve-alpn',
  '@keyv/serialize',
  'is-stream',
  '@sec-ant/readable-stream',
  'uint8array-extras',
  'http-cache-semantics',
  'commander',
]);

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
    // Bundled CommonJS packages (commander, http2-wrapper) call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __fieldlinkRequire } from 'node:module'; const require = __fieldlinkRequire(import.meta.url);" },
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
