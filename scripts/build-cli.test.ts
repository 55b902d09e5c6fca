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

/** The Node built-in modules `args` loaded before the process ended (Node's own list, written at exit). */
async function builtinsLoaded(dir: string, args: string[]): Promise<string[]> {
  const list = path.join(dir, `builtins-${Date.now()}.json`);
  const preload = path.join(dir, 'list-builtins.cjs');
  await writeFile(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));\n`);
  const result = await node(['-r', preload, ...args]);
  expect(result.code).toBe(0);
  return (JSON.parse(await readFile(list, 'utf8')) as string[]).filter((entry) => entry.startsWith('NativeModule ')).map((entry) => entry.slice(13));
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

  it('loads only the command table before a command runs', async () => {
    const network = ['https', 'tls', 'http2', 'zlib'];
    const atHelp = await builtinsLoaded(tmp, [path.join(tmp, 'bin', 'fieldlink.mjs'), '--help']);
    // The core, got and the contract's validators are in the bundle, but evaluated only when a command runs: none of
    // the network modules they load at once has been loaded for --help...
    expect(atHelp).toContain('vm');
    expect(atHelp.filter((name) => network.includes(name))).toEqual([]);
    // ...while a command that opens the core (the action log of an empty state folder) has all of them.
    const state = await mkdtemp(path.join(tmp, 'state-'));
    const atLog = await builtinsLoaded(tmp, [path.join(tmp, 'bin', 'fieldlink.mjs'), '--state', state, 'log']);
    expect(atLog.filter((name) => network.includes(name)).sort()).toEqual([...network].sort());
  });

  describe('its compile cache', () => {
    const cacheDir = () => path.join(outdir, 'compile-cache');
    const cacheFiles = async () => (await readdir(cacheDir())).filter((name) => name.endsWith('.bin'));
    const header = async (file: string) => {
      const raw = await readFile(path.join(cacheDir(), file));
      return JSON.parse(raw.subarray(0, raw.indexOf(0x0a)).toString('utf8')) as { commands: string[] };
    };
    const version = () => node([path.join(tmp, 'bin', 'fieldlink.mjs'), '--version']);

    it('is made by the first run, kept while V8 accepts it, and grows by each new command', async () => {
      await rm(cacheDir(), { recursive: true, force: true });
      expect((await version()).code).toBe(0);
      const [file] = await cacheFiles();
      expect(file).toMatch(new RegExp(`^${process.version}-\\d+-\\d+\\.bin$`));
      expect(await header(file!)).toEqual({ commands: [''] });
      const before = await stat(path.join(cacheDir(), file!));

      // Accepted, and it holds this run's code already: not written again.
      expect((await version()).code).toBe(0);
      expect((await stat(path.join(cacheDir(), file!))).ino).toBe(before.ino);

      // A command that needs no host (the action log of an empty state folder) adds its code.
      const state = await mkdtemp(path.join(tmp, 'state-'));
      const log = await node([path.join(tmp, 'bin', 'fieldlink.mjs'), '--state', state, 'log', '--json']);
      expect(log.stderr).toBe('');
      expect(JSON.parse(log.stdout)).toEqual([]);
      expect(await cacheFiles()).toEqual([file]);
      expect(await header(file!)).toEqual({ commands: ['', 'log'] });
    });

    it('is made again when damaged, and the command answers as if there were none', async () => {
      await rm(cacheDir(), { recursive: true, force: true });
      expect((await version()).code).toBe(0);
      const [file] = await cacheFiles();
      const target = path.join(cacheDir(), file!);
      const good = await readFile(target);
      const damaged = [
        Buffer.from('not a cache at all'),
        // A valid header over V8 data that is cut short, then over data that is not V8's at all.
        good.subarray(0, Math.floor(good.length / 2)),
        Buffer.concat([good.subarray(0, good.indexOf(0x0a) + 1), randomBytes(good.length - good.indexOf(0x0a))]),
      ];
      for (const bytes of damaged) {
        await writeFile(target, bytes);
        const result = await version();
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
        expect(await header(file!)).toEqual({ commands: [''] });
      }
    });

    it('costs nothing but the compile when it cannot be written', async () => {
      await rm(cacheDir(), { recursive: true, force: true });
      // A file where its folder should be: every write fails (a read-only install; root ignores permissions).
      await writeFile(cacheDir(), 'in the way');
      const result = await version();
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(await readFile(cacheDir(), 'utf8')).toBe('in the way');
      await rm(cacheDir(), { force: true });
    });
  });
});
