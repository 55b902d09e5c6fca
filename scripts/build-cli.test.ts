// The built `fieldlink`: it runs from plain JavaScript, `--help` loads only the command table (no core, no zod, no
// network libraries), and the bin says what to run when the checkout was never built.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
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

/** Every module `file` loads before it runs (static imports only, followed through the build's own chunks). */
async function staticImports(dir: string, file: string, seen = new Set<string>()): Promise<Set<string>> {
  const text = await readFile(path.join(dir, file), 'utf8');
  for (const match of text.matchAll(/^import\s+(?:[\s\S]*?\sfrom\s+)?"([^"]+)";/gm)) {
    const spec = match[1]!;
    if (seen.has(spec)) continue;
    seen.add(spec);
    if (spec.startsWith('./')) await staticImports(dir, spec.slice(2), seen);
  }
  return seen;
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
    const loaded = [...(await staticImports(outdir, 'main.js'))].filter((spec) => !spec.startsWith('./') && !spec.startsWith('node:'));
    // commander (bundled into the build's own chunks) parses the arguments; no package is loaded from node_modules,
    // and everything else (the core, got, the contract's validators) waits for a command.
    expect(loaded).toEqual([]);
  });
});
