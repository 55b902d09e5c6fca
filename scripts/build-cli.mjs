// Builds the `fieldlink` command into dist/cli/ (plain JavaScript: start.cjs and the bundle it runs), so the command
// starts without transpiling TypeScript. Runs from `prepare` after every `npm install` / `npm ci`, and from
// `npm run build:cli`. Plain JavaScript itself: it must run before anything else is built.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
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

/**
 * `packages: 'external'` with exceptions: a bare import stays external unless its package is in `bundled`. An
 * external loaded by `import()` (bonjour-service, when discovery starts) becomes a deferred `require()`: a script run
 * from V8's code cache loses its `import()` callback (start.ts), and every external here is CommonJS.
 */
function externalPackagesExcept(bundled) {
  return {
    name: 'external-packages-except',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const parts = args.path.split('/');
        const pkg = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
        if (bundled.has(pkg)) return undefined;
        if (args.kind === 'dynamic-import') return { path: args.path, namespace: 'deferred-require' };
        return { path: args.path, external: true };
      });
      b.onLoad({ filter: /.*/, namespace: 'deferred-require' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * got loads http2-wrapper (and with it Node's http2, and a TLS socket it builds at load) at once, but calls it only
 * for HTTP/2, which nothing here asks for. got is given a stand-in with a getter per export that loads the package
 * when first read: every command's start is 10-15 ms shorter (measured).
 */
function http2WrapperOnFirstUse() {
  return {
    name: 'http2-wrapper-on-first-use',
    setup(b) {
      b.onResolve({ filter: /^http2-wrapper$/ }, (args) =>
        args.importer.includes(`${path.sep}got${path.sep}`) ? { path: 'http2-wrapper', namespace: 'on-first-use' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'on-first-use' }, (args) => {
        const requireHere = createRequire(`${root}package.json`);
        const getters = Object.keys(requireHere(args.path)).map((name) => `get ${JSON.stringify(name)}() { return real()[${JSON.stringify(name)}]; }`);
        return {
          contents: `let loaded; const real = () => (loaded ??= require(${JSON.stringify(requireHere.resolve(args.path))}));\nmodule.exports = { ${getters.join(', ')} };`,
          loader: 'js',
          resolveDir: root,
        };
      });
    },
  };
}

/**
 * got's type checks (@sindresorhus/is) build two `Intl.ListFormat`s when loaded, for the wording of a type error no
 * command shows; making one loads ICU's list data. Each is built when first used instead: 10-12 ms off the start of
 * every command that loads got (an upload of 1 MiB, spawn to exit, medians of 15: 180 -> 168 ms). A new version
 * without the pattern only loses the gain: the build says so, and the build's test fails.
 */
function listFormatsOnFirstUse() {
  const declaration = /const (\w+) = new Intl\.ListFormat\(([^()]*)\);/g;
  return {
    name: 'list-formats-on-first-use',
    setup(b) {
      b.onLoad({ filter: /[\\/]@sindresorhus[\\/]is[\\/]distribution[\\/]index\.js$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const lazy = source.replace(
          declaration,
          (_, name, options) => `let ${name}Made; const ${name} = { format: (list) => (${name}Made ??= new Intl.ListFormat(${options})).format(list) };`,
        );
        const warnings =
          lazy === source ? [{ text: `no Intl.ListFormat built at load in ${args.path} any more: list-formats-on-first-use has nothing to do` }] : [];
        return { contents: lazy, loader: 'js', warnings };
      });
    },
  };
}

try {
  await rm(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    // fieldlink.cjs: the whole command line. start.cjs: what the bin loads first, to run it with a compile cache.
    entryPoints: { fieldlink: 'electron/cli/run.ts', start: 'electron/cli/start.ts' },
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    // CommonJS, one file: V8 can cache the compiled code of a script (start.ts), not of an ES module on Node 20.
    // A command's code still runs only when that command does: esbuild turns each `import()` into a deferred init.
    format: 'cjs',
    platform: 'node',
    target: 'node20.19',
    // Dependencies stay in node_modules and load as they are (bundling fastify or bonjour changes how they behave),
    // except the few in BUNDLED.
    plugins: [http2WrapperOnFirstUse(), listFormatsOnFirstUse(), externalPackagesExcept(BUNDLED)],
    // program.ts finds package.json from its own file's URL, which CommonJS knows as __filename.
    define: { 'import.meta.url': '__fieldlinkUrl' },
    banner: { js: "const __fieldlinkUrl = require('node:url').pathToFileURL(__filename).href;" },
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
