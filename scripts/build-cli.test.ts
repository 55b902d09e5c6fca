// The built `fieldlink`: it runs from plain JavaScript, `--help` runs only the command table (no core, no zod, no
// network libraries), its compile cache survives damage, and the bin says what to run when the checkout was never
// built.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../', import.meta.url));

/** Runs node with `args`; answers exit code and output whatever the code. */
async function node(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, args);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/**
 * The Node built-in modules `args` loaded before the process ended (Node's own list, written at exit), how many
 * `Intl.ListFormat`s it built (each loads ICU data), and how many functions it made from strings (zod's compiled
 * parsers).
 */
async function loadedBy(dir: string, args: string[]): Promise<{ builtins: string[]; listFormats: number; compiled: number }> {
  const list = path.join(dir, `loaded-${Date.now()}.json`);
  const preload = path.join(dir, 'list-loaded.cjs');
  await writeFile(
    preload,
    [
      'let listFormats = 0;',
      'let compiled = 0;',
      'Intl.ListFormat = new Proxy(Intl.ListFormat, { construct(target, args) { listFormats += 1; return new target(...args); } });',
      'globalThis.Function = new Proxy(Function, { construct(target, args) { compiled += 1; return new target(...args); } });',
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify({ modules: process.moduleLoadList, listFormats, compiled })));`,
      '',
    ].join('\n'),
  );
  const result = await node(['-r', preload, ...args]);
  expect(result.code).toBe(0);
  const { modules, listFormats, compiled } = JSON.parse(await readFile(list, 'utf8')) as { modules: string[]; listFormats: number; compiled: number };
  return { builtins: modules.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => entry.slice(13)), listFormats, compiled };
}

describe('the built command line', () => {
  let tmp: string;
  let outdir: string;

  beforeAll(async () => {
    // A copy of the layout the bin expects: bin/, dist/cli/, package.json (for --version) and the dependencies.
    tmp = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-cli-build-'));
    outdir = path.join(tmp, 'dist', 'cli');
    await mkdir(path.join(tmp, 'bin'));
    await copyFile(path.join(root, 'bin', 'fieldlink.mjs'), path.join(tmp, 'bin', 'fieldlink.mjs'));
    await copyFile(path.join(root, 'package.json'), path.join(tmp, 'package.json'));
    await symlink(path.join(root, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('says what to run when the checkout was never built', async () => {
    const result = await node([path.join(tmp, 'bin', 'fieldlink.mjs'), '--help']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('Run `npm install` (or `npm run build:cli`) first')]);
  });

  it('builds, and answers --help and --version from the build', async () => {
    const build = await node([path.join(root, 'scripts', 'build-cli.mjs'), '--outdir', outdir]);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);

    const help = await node([path.join(tmp, 'bin', 'fieldlink.mjs'), '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: fieldlink /);
    expect(help.stdout).toContain('upload');

    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const version = await node([path.join(tmp, 'bin', 'fieldlink.mjs'), '--version']);
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it('loads only the command table before a command runs, and no HTTP/2, list formats or compiled parsers at all', async () => {
    const atHelp = await loadedBy(tmp, [path.join(tmp, 'bin', 'fieldlink.mjs'), '--help']);
    // The core, got and the contract's validators are in the bundle, but evaluated only when a command runs: none of
    // the network modules they load at once has been loaded for --help...
    expect(atHelp.builtins).toContain('vm');
    expect(atHelp.builtins.filter((name) => ['https', 'tls', 'http2'].includes(name))).toEqual([]);
    // ...while a command that opens the core (the action log of an empty state folder) has them; got's HTTP/2
    // wrapper (and Node's http2) only loads when a request asks for HTTP/2, which none does, and got's type checks
    // build their list formats only for an error message (scripts/build-cli.mjs); zod parses without compiling
    // (electron/cli/zod-jitless.ts).
    const state = await mkdtemp(path.join(tmp, 'state-'));
    const atLog = await loadedBy(tmp, [path.join(tmp, 'bin', 'fieldlink.mjs'), '--state', state, 'log']);
    expect(atLog.builtins.filter((name) => ['https', 'tls', 'http2'].includes(name)).sort()).toEqual(['https', 'tls']);
    expect(atLog.listFormats).toBe(0);
    expect(atLog.compiled).toBe(0);
    // The counters count: the same preload sees the formats got makes when loaded from source, and the parser zod
    // compiles for an object schema by default.
    const fromSource = await loadedBy(tmp, ['--import', 'tsx', path.join(root, 'electron', 'cli', 'main.ts'), '--state', state, 'log']);
    expect(fromSource.listFormats).toBe(2);
    const zodDefault = await loadedBy(tmp, ['-e', "const { z } = require('zod'); z.object({ a: z.string() }).parse({ a: 'x' });"]);
    expect(zodDefault.compiled).toBeGreaterThan(0);
  });

  describe('its compile cache', () => {
    const cacheDir = () => path.join(outdir, 'compile-cache');
    const cacheFiles = async () => (await readdir(cacheDir())).filter((name) => name.endsWith('.bin'));
    const cacheOf = async (file: string) => {
      const raw = await readFile(path.join(cacheDir(), file));
      const end = raw.indexOf(0x0a);
      const header = JSON.parse(raw.subarray(0, end).toString('utf8')) as { commands: string[]; crc: number };
      return { header, raw, dataStart: end + 1, intact: header.crc === crc32(raw.subarray(end + 1)) };
    };
    const inode = async (file: string) => (await stat(path.join(cacheDir(), file))).ino;
    const cli = (...args: string[]) => node([path.join(tmp, 'bin', 'fieldlink.mjs'), ...args]);

    it('is made by a first run that succeeds, kept while V8 accepts it, and grows by each new command that succeeds', async () => {
      await rm(cacheDir(), { recursive: true, force: true });
      expect((await cli('--version')).code).toBe(0);
      const [file] = await cacheFiles();
      // Named by Node's version and the bundle's checksum and length.
      expect(file).toMatch(/^v\d+\.\d+\.\d+-[0-9a-f]+-\d+\.bin$/);
      expect(file!.startsWith(`${process.version}-`)).toBe(true);
      expect((await cacheOf(file!)).header.commands).toEqual(['']);
      expect((await cacheOf(file!)).intact).toBe(true);
      const first = await inode(file!);

      // Accepted, and it holds this run's code already: not written again.
      expect((await cli('--version')).code).toBe(0);
      expect(await inode(file!)).toBe(first);

      // A command that needs no host (the action log of an empty state folder) adds its code.
      const state = await mkdtemp(path.join(tmp, 'state-'));
      const log = await cli('--state', state, 'log', '--json');
      expect(log.stderr).toBe('');
      expect(JSON.parse(log.stdout)).toEqual([]);
      expect(await cacheFiles()).toEqual([file]);
      expect((await cacheOf(file!)).header.commands).toEqual(['', 'log']);
      const withLog = await inode(file!);

      // A command that fails (nothing listens on port 9) ran little of its code: it is not added.
      const failed = await cli('--state', state, 'upload', '127.0.0.1:9', path.join(root, 'package.json'));
      expect(failed.code).toBe(1);
      expect(await inode(file!)).toBe(withLog);
      expect((await cacheOf(file!)).header.commands).toEqual(['', 'log']);
    });

    it('is made again when damaged, and the command answers as if there were none', async () => {
      await rm(cacheDir(), { recursive: true, force: true });
      expect((await cli('--version')).code).toBe(0);
      const [file] = await cacheFiles();
      const target = path.join(cacheDir(), file!);
      const good = await cacheOf(file!);
      const flipped = Buffer.from(good.raw);
      // One byte inside V8's data, behind a valid header: V8 does not check its bytes, and such a cache crashed it.
      const middle = good.dataStart + Math.floor((good.raw.length - good.dataStart) / 2);
      flipped[middle] = flipped[middle]! ^ 0xff;
      const damaged = {
        'not a cache at all': Buffer.from('not a cache at all'),
        'cut short': good.raw.subarray(0, good.dataStart + Math.floor((good.raw.length - good.dataStart) / 2)),
        'other bytes behind its header': Buffer.concat([good.raw.subarray(0, good.dataStart), randomBytes(good.raw.length - good.dataStart)]),
        'one byte changed': flipped,
      };
      for (const [what, bytes] of Object.entries(damaged)) {
        await writeFile(target, bytes);
        const before = await inode(file!);
        const result = await cli('--version');
        expect(result.stderr, what).toBe('');
        expect(result.code, what).toBe(0);
        expect(result.stdout.trim(), what).toMatch(/^\d+\.\d+\.\d+/);
        // Made again: a new file, whole, with this run's code.
        expect(await inode(file!), what).not.toBe(before);
        const made = await cacheOf(file!);
        expect(made.intact, what).toBe(true);
        expect(made.header.commands, what).toEqual(['']);
      }
    });

    it('costs nothing but the compile when it cannot be written', async () => {
      await rm(cacheDir(), { recursive: true, force: true });
      // A file where its folder should be: every write fails (a read-only install; root ignores permissions).
      await writeFile(cacheDir(), 'in the way');
      const result = await cli('--version');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(await readFile(cacheDir(), 'utf8')).toBe('in the way');
      await rm(cacheDir(), { force: true });
    });
  });
});
