import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findAsars, formatSummary, summariseAsar } from './asar-size';

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

type Node = { files?: Record<string, Node>; size?: number; offset?: string };

/** Writes an asar as @electron/asar lays it out: two pickles (sizes, then the JSON index), then the file bodies. */
async function pack(files: Record<string, string>): Promise<string> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-asar-'));
  const root: Node = { files: {} };
  const bodies: Buffer[] = [];
  let offset = 0;
  for (const [name, body] of Object.entries(files)) {
    const parts = name.split('/');
    let node = root;
    for (const part of parts.slice(0, -1)) node = node.files![part] ??= { files: {} };
    const data = Buffer.from(body);
    node.files![parts.at(-1)!] = { size: data.length, offset: String(offset) };
    bodies.push(data);
    offset += data.length;
  }
  const json = Buffer.from(JSON.stringify(root));
  const padded = Math.ceil(json.length / 4) * 4;
  const header = Buffer.alloc(8 + padded);
  header.writeUInt32LE(4 + padded, 0);
  header.writeUInt32LE(json.length, 4);
  json.copy(header, 8);
  const sizes = Buffer.alloc(8);
  sizes.writeUInt32LE(4, 0);
  sizes.writeUInt32LE(header.length, 4);
  const out = path.join(dir, 'out', 'linux-unpacked', 'resources', 'app.asar');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, Buffer.concat([sizes, header, ...bodies]));
  return out;
}

describe('asar-size', () => {
  it('sums the bytes under each top-level entry, largest first, and finds the archive under out/', async () => {
    const file = await pack({ 'package.json': '{}', '.vite/build/main.cjs': 'x'.repeat(5000), 'dist/renderer/index.html': 'y'.repeat(300) });
    const summary = summariseAsar(file);
    expect(summary.entries.map((e) => e.name)).toEqual(['.vite', 'dist', 'package.json']);
    expect(summary.entries[0]!.bytes).toBe(5000);
    expect(summary.files).toBe(3);
    expect(summary.nodeModules).toEqual([]);
    expect(findAsars(path.join(dir!, 'out'))).toEqual([file]);
    expect(formatSummary(summary)).toMatch(/MiB, 3 files/);
  });

  it('flags node_modules packed beside the bundles', async () => {
    const file = await pack({ 'package.json': '{}', 'node_modules/react/index.js': 'module.exports = {}' });
    const summary = summariseAsar(file);
    expect(summary.nodeModules).toEqual(['node_modules']);
    expect(formatSummary(summary)).toMatch(/WARNING: node_modules inside app.asar/);
  });

  it('refuses a file that is not an asar, saying so', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-asar-'));
    const file = path.join(dir, 'app.asar');
    await writeFile(file, 'PK\u0003\u0004 not an asar at all');
    expect(() => summariseAsar(file)).toThrow(/is not an asar archive/);
  });
});
