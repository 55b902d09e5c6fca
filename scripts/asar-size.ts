// Prints what app.asar holds: its size, its top-level entries by size, and whether any node_modules slipped in.
// `npm run dist` runs it last; it only reads, so it also works on an asar from another machine:
//   npx tsx scripts/asar-size.ts [path/to/app.asar]
// Without an argument it looks in electron-builder's unpacked outputs (out/installers/*-unpacked, mac*/…app).
import { closeSync, existsSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface HeaderNode {
  files?: Record<string, HeaderNode>;
  size?: number;
  unpacked?: boolean;
}

export interface AsarSummary {
  file: string;
  bytes: number;
  files: number;
  /** Top-level entries, largest first, with the bytes of everything under each. */
  entries: Array<{ name: string; bytes: number }>;
  /** Paths of node_modules folders inside the archive: there should be none, Vite bundled everything. */
  nodeModules: string[];
}

function walk(node: HeaderNode, at: string, found: { files: number; nodeModules: string[] }): number {
  if (!node.files) {
    found.files += 1;
    return node.unpacked ? 0 : (node.size ?? 0);
  }
  let total = 0;
  for (const [name, child] of Object.entries(node.files)) {
    const here = at ? `${at}/${name}` : name;
    if (name === 'node_modules' && child.files) found.nodeModules.push(here);
    total += walk(child, here, found);
  }
  return total;
}

/**
 * The archive's JSON index. An asar starts with two Chromium pickles: [4][header size], then [payload size][string
 * length][JSON…]. Read by hand so this script needs nothing electron-builder does not already guarantee.
 */
export function readAsarHeader(file: string): HeaderNode {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    if (readSync(fd, head, 0, 16, 0) !== 16 || head.readUInt32LE(0) !== 4) throw new Error(`${file} is not an asar archive.`);
    const length = head.readUInt32LE(12);
    const json = Buffer.alloc(length);
    if (readSync(fd, json, 0, length, 16) !== length) throw new Error(`${file} ends inside its header: the archive is damaged.`);
    return JSON.parse(json.toString('utf8')) as HeaderNode;
  } finally {
    closeSync(fd);
  }
}

export function summariseAsar(file: string): AsarSummary {
  const header = readAsarHeader(file);
  const found = { files: 0, nodeModules: [] as string[] };
  const entries = Object.entries(header.files ?? {}).map(([name, node]) => ({ name, bytes: walk({ files: { [name]: node } }, '', found) }));
  entries.sort((a, b) => b.bytes - a.bytes);
  return { file, bytes: statSync(file).size, files: found.files, entries, nodeModules: found.nodeModules };
}

/** The app.asar files electron-builder left under `outDir`. */
export function findAsars(outDir: string): string[] {
  if (!existsSync(outDir)) return [];
  const out: string[] = [];
  const visit = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isFile() && entry.name === 'app.asar') out.push(full);
      else if (entry.isDirectory() && depth < 6) visit(full, depth + 1);
    }
  };
  visit(outDir, 0);
  return out;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

export function formatSummary(summary: AsarSummary): string {
  const lines = [`${summary.file}: ${mib(summary.bytes)}, ${summary.files} files`];
  for (const entry of summary.entries.slice(0, 8)) lines.push(`  ${entry.name.padEnd(24)} ${mib(entry.bytes)}`);
  if (summary.nodeModules.length) {
    lines.push(`  WARNING: node_modules inside app.asar (${summary.nodeModules.slice(0, 5).join(', ')}): check the beforeBuild hook in electron-builder.yml.`);
  }
  return lines.join('\n');
}

function main(argv: string[]): number {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const asars = argv.length ? argv : findAsars(path.join(root, 'out'));
  if (asars.length === 0) {
    process.stdout.write('No app.asar found under out/: run `npm run dist` first, or give the path of an app.asar.\n');
    return 0;
  }
  let status = 0;
  for (const file of asars) {
    if (!existsSync(file)) {
      process.stderr.write(`${file} does not exist: give the path of an app.asar (inside resources/ of a packaged app).\n`);
      status = 1;
      continue;
    }
    const summary = summariseAsar(file);
    process.stdout.write(`${formatSummary(summary)}\n`);
    if (summary.nodeModules.length) status = 1;
  }
  return status;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
