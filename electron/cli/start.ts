// The built `fieldlink` command's first code (dist/cli/start.cjs, loaded by bin/fieldlink.mjs). It runs the command
// line's bundle (fieldlink.cjs, beside it) with a V8 code cache, so the functions a command ran before are not
// compiled again: measured on a 1 GiB upload, 44 ms less from start to exit, a quarter of the CLI's fixed cost.
// Node 22 offers this (module.enableCompileCache); Node 20 has no such switch, and v8-compile-cache keeps only what
// V8 compiles before the code runs (top-level code: no gain measured), so the cache is taken here, after the command.
//
// The cache lives beside the bundle (compile-cache/), trusted as the bundle is, named by the bundle's checksum and
// Node's version. It lists the commands whose code it holds: a command it does not hold yet adds its functions once,
// at the end of a run that succeeded. V8 checks a cache's version and length but not its bytes (a damaged one can
// crash the process), so the header carries a checksum of the data, checked before V8 sees it. A cache that fails
// any check is made again; failing to read or write one only costs the compile.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { crc32 } from 'node:zlib';
import { writeFileAtomicSync } from '../../shared/node/atomic-file';
import type { RunHooks } from './run';

interface Bundle {
  runFieldlink(argv: string[], hooks: RunHooks): void;
}

interface Cache {
  /** The commands that ran with this cache; '' is a run without one (--help, --version). */
  commands: string[];
  data: Buffer;
}

interface Header {
  commands?: unknown;
  /** crc32 of the data. */
  crc?: unknown;
}

const BUNDLE = path.join(__dirname, 'fieldlink.cjs');
const CACHE_DIR = path.join(__dirname, 'compile-cache');
// CommonJS's own wrapper, opened on the bundle's first line so its line numbers stay those of the file.
const WRAP_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAP_TAIL = '\n})';
/** A temporary cache file this old was left by a process that died while writing it. */
const STALE_TEMPORARY_MS = 60 * 60 * 1000;

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/** A cache file: one line of JSON ({ commands, crc }), then V8's data. Anything else is no cache. */
function readCache(file: string): Cache | null {
  try {
    const raw = readFileSync(file);
    const end = raw.indexOf(0x0a);
    if (end < 0) return null;
    const header = JSON.parse(raw.subarray(0, end).toString('utf8')) as Header | null;
    const data = raw.subarray(end + 1);
    return isStringArray(header?.commands) && header.crc === crc32(data) ? { commands: header.commands, data } : null;
  } catch {
    return null;
  }
}

/** Whole or not at all (shared/node/atomic-file.ts); caches of other builds are removed. */
function writeCache(file: string, cache: Cache): void {
  try {
    // Made here, not by the writer: the writer's folders are private (0700), and this one serves every user of the
    // checkout.
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileAtomicSync(file, Buffer.concat([Buffer.from(`${JSON.stringify({ commands: cache.commands, crc: crc32(cache.data) })}\n`), cache.data]), 0o644);
    // Earlier builds' caches for this Node (another Node's stay: a checkout may be run by two), and what a process
    // killed while writing left behind.
    for (const name of readdirSync(CACHE_DIR)) {
      const other = path.join(CACHE_DIR, name);
      const stale =
        (name.endsWith('.bin') && name.startsWith(`${process.version}-`) && name !== path.basename(file)) ||
        (name.endsWith('.tmp') && Date.now() - statSync(other).mtimeMs > STALE_TEMPORARY_MS);
      if (stale) rmSync(other, { force: true });
    }
  } catch {
    // A read-only install or a full disk: the next run compiles, as it would without a cache.
  }
}

const bytes = readFileSync(BUNDLE);
const source = bytes.toString('utf8');
// Named by what was read (V8 itself compares only the source's length): a rebuild, or a copy of another build with
// the same length, never meets this build's cache.
const cacheFile = path.join(CACHE_DIR, `${process.version}-${crc32(bytes).toString(16)}-${bytes.length}.bin`);
const cached = readCache(cacheFile);
// No import() callback: V8 does not keep it for a script made from the cache, so the build has no import() left.
const script = new vm.Script(WRAP_HEAD + source + WRAP_TAIL, { filename: BUNDLE, ...(cached ? { cachedData: cached.data } : {}) });
const held = cached && !script.cachedDataRejected ? cached.commands : [];
let command = '';
process.on('exit', (code) => {
  // Only a run that went through (a failed first login compiles little of its command) adds its command's code.
  if (code === 0 && !held.includes(command)) writeCache(cacheFile, { commands: [...held, command], data: script.createCachedData() });
});

const bundle = { exports: {} as Partial<Bundle> };
const evaluate = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
evaluate.call(bundle.exports, bundle.exports, createRequire(BUNDLE), bundle, BUNDLE, __dirname);
if (typeof bundle.exports.runFieldlink !== 'function') throw new Error(`${BUNDLE} is not the command line's bundle`);
bundle.exports.runFieldlink(process.argv, { onCommand: (name) => (command = name) });
