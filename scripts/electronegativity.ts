// `npm run check:electron`: the desktop shell's security and build gate, run by `npm test`.
//
// 1. Electronegativity (Doyensec's Electron security scanner) over the shell's sources. Any HIGH or MEDIUM finding
//    fails unless build/electronegativity-allowlist.json lists it (check id + file) with the reason it is not a
//    problem; an allow-list entry that no longer matches anything fails too, so the list cannot rot.
// 2. The production Content-Security-Policy, evaluated with the same CSP evaluator Electronegativity uses (it cannot
//    see our CSP in the source: the header is built at run time by electron/shell/csp.ts).
// 3. The main and preload bundles, built with Forge's own Vite configuration: the main bundle may require only
//    'electron' and Node built-ins (the package holds no node_modules), the preload only 'electron' (a sandboxed
//    preload can load nothing else) and no zod; and the preload, run against a fake Electron, must install one
//    method per contract command in a separate JavaScript world, as contextBridge.executeInMainWorld will.
//
// The scanner is driven through its library parts rather than its runner, because the runner downloads translations
// and Electron release data from the internet on every run: this check talks to nothing.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { commandNames, eventNames } from '../shared/contract';
import { forgeViteBuild } from '../e2e/electron/forge-build';
import { buildCsp } from '../electron/shell/csp';

const root = fileURLToPath(new URL('../', import.meta.url));
const ALLOWLIST_FILE = 'build/electronegativity-allowlist.json';

/** What is scanned: the Electron shell (main, preload, IPC, adapters, shell helpers), the page, the package file. */
const SCAN_DIRS = ['electron'];
const SCAN_FILES = ['renderer/index.html', 'package.json', 'forge.config.ts'];
/** Plain-Node parts of electron/ that never load Electron, and tests (which build fake windows on purpose). */
const SKIP = [/\.test\.tsx?$/, /\/test-kit\//, /\/bench\//, /^electron\/(core|cli|bridge)\//, /^electron\/serve\.ts$/, /\.d\.ts$/];

interface AllowEntry {
  check: string;
  file: string;
  reason: string;
}

interface Finding {
  check: string;
  file: string;
  line: number;
  severity: string;
  description: string;
}

type Problem = string;

// ---------------------------------------------------------------------------------------------------------------
// 1. Electronegativity

async function listFiles(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) await walk(rel);
      else if (/\.(ts|tsx|js|cjs|mjs|html)$/.test(entry.name) && !SKIP.some((re) => re.test(rel))) out.push(rel);
    }
  };
  for (const dir of SCAN_DIRS) await walk(dir);
  for (const file of SCAN_FILES) {
    try {
      await readFile(path.join(root, file));
      out.push(file);
    } catch {
      // renderer/index.html may not exist yet in a partial checkout; the scan covers what is there.
    }
  }
  return out.sort();
}

async function scan(files: string[]): Promise<Finding[]> {
  const pkgDir = path.dirname(createRequire(import.meta.url).resolve('@doyensec/electronegativity/package.json'));
  const requireFromScanner = createRequire(path.join(pkgDir, 'package.json'));
  // The checks print their texts through a global `__` from the i18n package: set it up from the bundled English
  // file instead of the runner's download.
  const i18n = requireFromScanner('i18n') as { configure(o: object): void; setLocale(l: string): void };
  i18n.configure({
    locales: ['en-US'],
    defaultLocale: 'en-US',
    directory: path.join(pkgDir, 'dist', 'locales'),
    updateFiles: false,
    objectNotation: true,
    register: globalThis,
  });
  i18n.setLocale('en-US');

  const { Parser } = requireFromScanner('./dist/parser/parser.js') as {
    Parser: new (a: boolean, b: boolean) => { parse(f: string, c: string): [unknown, unknown, unknown, unknown] };
  };
  const { Finder, GlobalChecks } = requireFromScanner('./dist/finder/index.js') as {
    Finder: new (...a: unknown[]) => { find(...a: unknown[]): Promise<RawIssue[]> };
    GlobalChecks: new (...a: unknown[]) => { getResults(i: RawIssue[], o?: unknown): Promise<RawIssue[]> };
  };
  const electronVersion = (JSON.parse(await readFile(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

  const parser = new Parser(false, true);
  const finder = new Finder([], [], undefined);
  // This global check asks GitHub for Electron's release list on every run; versions are the lockfile's business.
  const globals = new GlobalChecks([], ['availablesecurityfixesglobalcheck'], undefined);

  let issues: RawIssue[] = [];
  for (const file of files) {
    const content = await readFile(path.join(root, file), 'utf8');
    const [type, data, parsedContent] = parser.parse(path.join(root, file), content);
    if (data === null) continue;
    issues.push(...(await finder.find(path.join(root, file), data, type, parsedContent, null, electronVersion)));
  }
  issues = await globals.getResults(issues);
  return issues
    .filter((i) => !i.visibility || (!i.visibility.inlineDisabled && !i.visibility.globalCheckDisabled))
    .map((i) => ({
      check: i.id,
      file: i.file === 'N/A' ? 'N/A' : path.relative(root, i.file).split(path.sep).join('/'),
      line: i.location.line,
      severity: i.severity.name,
      description: String(i.description ?? ''),
    }));
}

interface RawIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string };
  description?: unknown;
  visibility?: { inlineDisabled?: boolean; globalCheckDisabled?: boolean };
}

async function checkFindings(findings: Finding[]): Promise<Problem[]> {
  const allow = JSON.parse(await readFile(path.join(root, ALLOWLIST_FILE), 'utf8')) as AllowEntry[];
  const problems: Problem[] = [];
  for (const entry of allow) {
    if (!entry.check || !entry.file || !entry.reason || entry.reason.trim().length < 20) {
      problems.push(`${ALLOWLIST_FILE}: every entry needs check, file and a real reason (${JSON.stringify(entry)}).`);
    }
  }
  const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
  const listed = (f: Finding) => allow.some((a) => a.check === f.check && a.file === f.file);
  for (const f of serious.filter((f) => !listed(f))) {
    problems.push(`${f.severity} ${f.check} at ${f.file}:${f.line}: ${f.description.split('\n')[0]}`);
  }
  for (const entry of allow) {
    if (!serious.some((f) => f.check === entry.check && f.file === entry.file)) {
      problems.push(`${ALLOWLIST_FILE}: "${entry.check}" in ${entry.file} matches no finding any more; remove the entry.`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// 2. The CSP

/**
 * The evaluator's findings on the production CSP, as findings of the pseudo-check CSP_EVALUATOR against csp.ts, so
 * they go through the same allow-list. Its "maybe" severities count as their plain ones: a reviewer decides.
 */
async function evaluateCsp(): Promise<Finding[]> {
  const pkgDir = path.dirname(createRequire(import.meta.url).resolve('@doyensec/electronegativity/package.json'));
  const evaluator = createRequire(path.join(pkgDir, 'package.json'))('@doyensec/csp-evaluator') as {
    CspParser: new (csp: string) => { csp: unknown };
    CspEvaluator: new (csp: unknown, version: unknown) => { evaluate(): Array<{ severity: number; directive: string; description: string }> };
    Version: { CSP3: unknown };
    severities: Record<string, number>;
  };
  const csp = buildCsp({ styleNonce: 'AAAAAAAAAAAAAAAAAAAAAA==' });
  const severityName = (s: number) => (Object.entries(evaluator.severities).find(([, v]) => v === s)?.[0] ?? 'INFO').replace(/_MAYBE$/, '');
  return new evaluator.CspEvaluator(new evaluator.CspParser(csp).csp, evaluator.Version.CSP3).evaluate().map((f) => ({
    check: `CSP_EVALUATOR_${f.directive.toUpperCase().replace(/-/g, '_')}`,
    file: 'electron/shell/csp.ts',
    line: 1,
    severity: severityName(f.severity),
    description: f.description,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// 3. The bundles

/** Module names a CommonJS bundle requires. */
export function requiredModules(code: string): string[] {
  return [...new Set([...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]!))].sort();
}

export function runPreload(code: string): Problem[] {
  const problems: Problem[] = [];
  let script: { func: (...a: unknown[]) => unknown; args: unknown[] } | null = null;
  const fakeElectron = {
    contextBridge: {
      executeInMainWorld: (s: typeof script) => void (script = s),
      exposeInMainWorld: () => problems.push('the preload fell back to exposeInMainWorld'),
    },
    ipcRenderer: { invoke: async () => ({ ok: true, data: null }), on: () => {}, removeListener: () => {} },
    webUtils: { getPathForFile: () => '' },
  };
  const sandboxRequire = (name: string) => {
    if (name === 'electron') return fakeElectron;
    throw new Error(`a sandboxed preload cannot require "${name}"`);
  };
  try {
    vm.runInNewContext(code, { require: sandboxRequire, module: { exports: {} }, exports: {}, console });
  } catch (err) {
    return [`the preload bundle failed to run: ${(err as Error).message}`];
  }
  if (!script) return [...problems, 'the preload did not call contextBridge.executeInMainWorld'];
  const { func, args } = script as { func: (...a: unknown[]) => unknown; args: unknown[] };
  // The main world sees only the function's source: compile it in a fresh context, as Electron does.
  const page = vm.createContext({});
  try {
    (vm.runInContext(`(${func.toString()})`, page) as (...a: unknown[]) => unknown)(...args);
  } catch (err) {
    return [...problems, `the page-side API failed in a fresh world (not self-contained?): ${(err as Error).message}`];
  }
  const api = page.fieldlink as Record<string, unknown> | undefined;
  const expected = [...commandNames, 'on', 'getPathForFile'].sort();
  if (!api || JSON.stringify(Object.keys(api).sort()) !== JSON.stringify(expected)) {
    problems.push(`window.fieldlink has ${api ? Object.keys(api).length : 0} members, expected ${expected.length}`);
  }
  return problems;
}

/**
 * Loads main.cjs in a child Node with a stand-in 'electron' whose single-instance lock is taken, so the app quits at
 * once: every module in the bundle is evaluated (a dependency that cannot load as CommonJS fails here) and nothing
 * starts.
 */
export function smokeMain(file: string): Problem[] {
  const probe = `
    const Module = require('node:module');
    const calls = [];
    const stub = () => new Proxy(function () {}, { get: () => stub(), apply: () => undefined });
    const electron = new Proxy({}, { get: (_t, key) => key === 'app'
      ? { isPackaged: true, setPath() {}, on() {}, quit: () => calls.push('quit'), whenReady: () => new Promise(() => {}),
          requestSingleInstanceLock: () => (calls.push('lock'), false) }
      : stub() });
    const load = Module._load;
    Module._load = function (request, ...rest) { return request === 'electron' ? electron : load.call(this, request, ...rest); };
    require(${JSON.stringify(file)});
    process.stdout.write(JSON.stringify(calls));`;
  try {
    const out = execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return out.trim() === JSON.stringify(['lock', 'quit']) ? [] : [`main.cjs loaded but did not stop at the single-instance lock (${out.trim()})`];
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? (err as Error).message);
    return [`main.cjs does not load: ${stderr.split('\n').find((l) => /Error/.test(l)) ?? stderr.slice(0, 300)}`];
  }
}

async function checkBundles(): Promise<{ problems: Problem[]; notes: string[] }> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-bundles-'));
  try {
    try {
      await forgeViteBuild({ projectDir: root, targets: ['main', 'preload'], outDir });
    } catch (err) {
      const text = (err as Error).message.replace(/\u001b\[[0-9;]*m/g, '');
      const gist = text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .slice(0, 3)
        .join(' ');
      return { problems: [`the main and preload bundles did not build: ${gist}`], notes: [] };
    }
    const main = await readFile(path.join(outDir, 'main.cjs'), 'utf8');
    const preload = await readFile(path.join(outDir, 'preload.cjs'), 'utf8');
    const problems: Problem[] = [];
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'electron']);
    const strayMain = requiredModules(main).filter((m) => !builtins.has(m));
    if (strayMain.length) problems.push(`main.cjs requires modules the package will not contain: ${strayMain.join(', ')}`);
    const strayPreload = requiredModules(preload).filter((m) => m !== 'electron');
    if (strayPreload.length) problems.push(`preload.cjs requires ${strayPreload.join(', ')}; a sandboxed preload can require only 'electron'`);
    if (/\bzod\b|ZodError|\$ZodType/.test(preload)) problems.push('preload.cjs contains zod: the contract-names plugin did not apply');
    problems.push(...runPreload(preload).map((p) => `preload.cjs: ${p}`));
    problems.push(...smokeMain(path.join(outDir, 'main.cjs')));
    return {
      problems,
      notes: [
        `main.cjs ${(main.length / 1024).toFixed(0)} KiB (loads with a stand-in Electron), preload.cjs ${(preload.length / 1024).toFixed(1)} KiB (${commandNames.length} commands, ${eventNames.length} events)`,
      ],
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = Date.now();
  const files = await listFiles();
  const findings = [...(await scan(files)), ...(await evaluateCsp())];
  const scanProblems = await checkFindings(findings);
  const bundles = await checkBundles();

  const lines: string[] = [];
  const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
  lines.push(
    `Electronegativity and CSP evaluator: ${files.length} files, ${findings.length} findings, ${serious.length} HIGH/MEDIUM (allow-listed with a reason, or failing).`,
  );
  for (const f of findings.filter((f) => !serious.includes(f))) lines.push(`  note: ${f.severity} ${f.check} at ${f.file}:${f.line}`);
  for (const note of bundles.notes) lines.push(`  note: ${note}`);
  const problems = [...scanProblems, ...bundles.problems];
  for (const p of problems) lines.push(`  FAIL: ${p}`);
  lines.push(
    problems.length
      ? `check:electron failed (${problems.length}) in ${((Date.now() - started) / 1000).toFixed(1)} s.`
      : `check:electron passed in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
  process.stdout.write(lines.join('\n') + '\n');
  process.exitCode = problems.length ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err: unknown) => {
    process.stderr.write(`check:electron could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  });
}
