// The record of hosts this console made leader (leaders-made.json) when several fieldlink processes write it at once:
// each keeps its own hosts, a host one of them stopped stays stopped, and nobody else's are lost.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTwoWriters, WRITERS } from '../../test-kit/core/two-writers';
import { LeaderRecordFile } from './leader-record';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'leader-record-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function saved(): Promise<Record<string, { since: string }>> {
  return (JSON.parse(await readFile(path.join(dir, 'leaders-made.json'), 'utf8')) as { leaders: Record<string, { since: string }> }).leaders;
}

describe('leaders-made.json with two writers', () => {
  it('keeps the hosts of two records opened before either wrote', async () => {
    const a = new LeaderRecordFile(dir);
    const b = new LeaderRecordFile(dir);
    a.add('host-a');
    b.add('host-b');
    await Promise.all([a.flush(), b.flush()]);
    expect(Object.keys(await saved()).sort()).toEqual(['host-a', 'host-b']);
    const c = new LeaderRecordFile(dir);
    expect(c.has('host-a') && c.has('host-b')).toBe(true);
  });

  it('forgets a host another process stopped, even when a process with an older view writes after it', async () => {
    const a = new LeaderRecordFile(dir);
    a.add('host-1');
    a.add('host-2');
    await a.flush();
    const b = new LeaderRecordFile(dir);
    const c = new LeaderRecordFile(dir);
    b.remove('host-1');
    await b.flush();
    // c still believes host-1 leads; its own change must not write that belief back.
    c.add('host-3');
    await c.flush();
    expect(Object.keys(await saved()).sort()).toEqual(['host-2', 'host-3']);
    // The later of two changes to one host wins: stopped by b, then made leader again by c.
    b.remove('host-2');
    await b.flush();
    c.add('host-2');
    await c.flush();
    expect(Object.keys(await saved()).sort()).toEqual(['host-2', 'host-3']);
  });

  it('keeps the earlier "since" of a host two processes made leader', async () => {
    const a = new LeaderRecordFile(dir);
    const b = new LeaderRecordFile(dir);
    a.add('host-1');
    await a.flush();
    const first = (await saved())['host-1']?.since;
    expect(first).toBeDefined();
    // b never saw a's entry: its own add must not replace a's time with a later one.
    b.add('host-1');
    await b.flush();
    expect((await saved())['host-1']?.since).toBe(first);
  });

  it('reports a damaged file, starts empty, and replaces the file on the next change as before', async () => {
    await writeFile(path.join(dir, 'leaders-made.json'), '{"version":1,"leaders":');
    const problems: string[] = [];
    const a = new LeaderRecordFile(dir, (p) => problems.push(`${p.file}: ${p.message}`));
    expect(problems).toEqual(['leaders-made.json: not valid: starting with an empty record']);
    expect(a.has('host-1')).toBe(false);
    a.add('host-1');
    await a.flush();
    expect(Object.keys(await saved())).toEqual(['host-1']);
    expect(problems).toHaveLength(1);
    expect(await readdir(dir)).toEqual(['leaders-made.json']);
  });

  it('says so when the file cannot be read, starts empty, and says so again when it cannot be replaced', async () => {
    // A folder where the file should be: reading it fails with EISDIR, also as root.
    await mkdir(path.join(dir, 'leaders-made.json'));
    const problems: string[] = [];
    const a = new LeaderRecordFile(dir, (p) => problems.push(p.message));
    expect(a.has('host-1')).toBe(false);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^cannot read: EISDIR/);
    a.add('host-1');
    await a.flush();
    expect(problems[1]).toMatch(/^cannot save: /);
  });

  it('says which record was not updated when another process holds the lock too long, and writes it with the next change', async () => {
    const lock = path.join(dir, 'leaders-made.json.lock');
    await writeFile(lock, '');
    const problems: string[] = [];
    const a = new LeaderRecordFile(dir, (p) => problems.push(p.message), 50);
    a.add('host-1');
    await a.flush();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /so the record of hosts this console made leader was not updated\. If no other fieldlink command is running, delete that file\.$/,
    );
    await rm(lock);
    a.add('host-2');
    await a.flush();
    expect(Object.keys(await saved()).sort()).toEqual(['host-1', 'host-2']);
  });

  it('keeps every host of two processes writing at the same moment, one write per change', async () => {
    const COUNT = 25;
    await runTwoWriters('leaders', dir, COUNT);
    const hosts = Object.keys(await saved()).sort();
    const expected = ['both-made', ...WRITERS.flatMap((prefix) => Array.from({ length: COUNT - 1 }, (_, i) => `${prefix}-${i + 1}`))].sort();
    // Each writer stopped its own "-0" host: the other writer's later writes must not bring it back.
    expect(hosts).toEqual(expected);
  }, 60_000);
});
