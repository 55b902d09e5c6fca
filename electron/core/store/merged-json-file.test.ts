// The shared store files (certificates.json, hosts.json; credentials.json and settings.json use the same writer) when
// several fieldlink processes write them at once: every write takes the lock beside the file, so nobody's entries
// are lost between another process's re-read and rename, and a lock held too long is reported in plain words.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTwoWriters, WRITERS } from '../../test-kit/core/two-writers';
import { normalizeFingerprint } from '../util/fingerprint';
import { z } from 'zod';
import { readJsonValidated } from './atomic-json';
import { lockFile } from './file-lock';
import { PinStore } from './pin-store';
import { SettingsStore } from './settings-store';

const COUNT = 25;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'merged-json-file-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const readJson = async <T>(name: string): Promise<T> => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as T;
const expectedNames = () => WRITERS.flatMap((prefix) => Array.from({ length: COUNT }, (_, i) => `${prefix}-${i}`)).sort();

describe('store files written by two processes at once', () => {
  it('keeps every certificate pinned by either process', async () => {
    await runTwoWriters('pins', dir, COUNT);
    const { pins } = await readJson<{ pins: { id: string }[] }>('certificates.json');
    expect(pins.map((p) => p.id).sort()).toEqual(expectedNames());
    expect(await readdir(dir)).toEqual(['certificates.json']);
  }, 60_000);

  it('keeps every host met by either process', async () => {
    await runTwoWriters('hosts', dir, COUNT);
    const { hosts } = await readJson<{ hosts: { name: string }[] }>('hosts.json');
    expect(hosts.map((h) => h.name).sort()).toEqual(expectedNames());
    expect(await readdir(dir)).toEqual(['hosts.json']);
  }, 60_000);
});

describe('a lock held by another process for too long', () => {
  const who = (n: number) => ({ confirmedId: `host-${n}`, claimedId: null, endpoint: `10.0.0.${n}:5080` });
  const fingerprint = (n: number) => normalizeFingerprint(String(n).padEnd(64, '0'))!;

  it('says what was not saved and what to do, and saves it with the next change once the lock is gone', async () => {
    const lock = path.join(dir, 'certificates.json.lock');
    await writeFile(lock, '');
    const problems: string[] = [];
    const pins = new PinStore(dir, (p) => problems.push(`${p.file}: ${p.message}`), 50);
    pins.trust(who(1), fingerprint(1));
    await pins.flush();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^certificates\.json: cannot save: .*certificates\.json\.lock was held by another fieldlink command for over [0-9]+ ms, so the record of pinned host certificates was not updated\. If no other fieldlink command is running, delete that file\.$/,
    );
    await rm(lock);
    pins.trust(who(2), fingerprint(2));
    await pins.flush();
    expect(problems).toHaveLength(1);
    const { pins: saved } = await readJson<{ pins: { id: string }[] }>('certificates.json');
    expect(saved.map((p) => p.id).sort()).toEqual(['host-1', 'host-2']);
  });

  it('names the settings when it is settings.json that could not be saved', async () => {
    await writeFile(path.join(dir, 'settings.json.lock'), '');
    const problems: string[] = [];
    const settings = new SettingsStore(dir, (p) => problems.push(`${p.file}: ${p.message}`), 50);
    await settings.load();
    await settings.update({ theme: 'dark' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^settings\.json: cannot save: .* so the settings file was not updated\. If no other fieldlink command is running, delete that file\.$/,
    );
    // Still what this process uses, though not on disk yet.
    expect(settings.get().theme).toBe('dark');
  });

  it('moves a damaged file aside only when it is still damaged under the lock, not the good one another process wrote meanwhile', async () => {
    const file = path.join(dir, 'settings.json');
    await writeFile(file, '{ "version": 1, "theme": ');
    // Another process is writing settings.json: it holds the lock while this one loads.
    const release = await lockFile(`${file}.lock`, 1_000, 'the settings');
    const problems: string[] = [];
    const settings = new SettingsStore(dir, (p) => problems.push(p.message));
    const loading = settings.load();
    // The other process's good file lands, then it lets go; the load, waiting for the lock, reads that file.
    await writeFile(file, JSON.stringify({ version: 1, theme: 'dark' }));
    await release();
    await loading;
    expect(settings.get().theme).toBe('dark');
    expect(problems).toEqual([]);
    expect((await readdir(dir)).filter((f) => f.includes('corrupt'))).toEqual([]);
  });

  it('reads a damaged file again under the lock, and keeps what it finds there when that is good', async () => {
    const file = path.join(dir, 'record.json');
    await writeFile(file, '{"n": 1}');
    // The first read sees a damaged file; by the second (under the lock) another process has replaced it.
    let reads = 0;
    const schema = z.object({ n: z.number() }).refine(() => ++reads > 1, 'damaged');
    const problems: unknown[] = [];
    const value = await readJsonValidated(
      file,
      schema,
      () => ({ n: 0 }),
      (p) => problems.push(p),
    );
    expect(reads).toBe(2);
    expect(value).toEqual({ n: 1 });
    expect(problems).toEqual([]);
    expect(await readdir(dir)).toEqual(['record.json']);
  });

  it('moves a file still damaged under the lock aside, and lets go of the lock', async () => {
    const file = path.join(dir, 'record.json');
    await writeFile(file, 'not json');
    const problems: { movedTo: string | null }[] = [];
    const value = await readJsonValidated(
      file,
      z.object({ n: z.number() }),
      () => ({ n: 0 }),
      (p) => problems.push(p),
    );
    expect(value).toEqual({ n: 0 });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.movedTo).toMatch(/record\.json\.corrupt-/);
    expect((await readdir(dir)).filter((f) => !f.startsWith('record.json.corrupt-'))).toEqual([]);
  });
});
