// Which id each agent version accepts in unlink (unlink-peer-id.json) when several fieldlink processes write it at
// once: each keeps what it learned and nobody else's answers are lost.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTwoWriters, WRITERS } from '../../test-kit/core/two-writers';
import { UnlinkChoiceFile } from './unlink-choice';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'unlink-choice-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function saved(): Promise<Record<string, string>> {
  return (JSON.parse(await readFile(path.join(dir, 'unlink-peer-id.json'), 'utf8')) as { byAgent: Record<string, string> }).byAgent;
}

describe('unlink-peer-id.json with two writers', () => {
  it('keeps the answers of two records opened before either wrote', async () => {
    const a = new UnlinkChoiceFile(dir);
    const b = new UnlinkChoiceFile(dir);
    a.set('2.1.0', 'leader');
    b.set('2.2.0', 'own');
    b.set(null, 'leader');
    await Promise.all([a.flush(), b.flush()]);
    expect(await saved()).toEqual({ '2.1.0': 'leader', '2.2.0': 'own', '(unknown)': 'leader' });
    const c = new UnlinkChoiceFile(dir);
    expect([c.get('2.1.0'), c.get('2.2.0'), c.get(null)]).toEqual(['leader', 'own', 'leader']);
  });

  it('keeps the newer answer when two processes learned different ones for one agent version', async () => {
    const a = new UnlinkChoiceFile(dir);
    const b = new UnlinkChoiceFile(dir);
    a.set('2.1.0', 'leader');
    await a.flush();
    b.set('2.1.0', 'own');
    await b.flush();
    expect(await saved()).toEqual({ '2.1.0': 'own' });
  });

  it('finds an answer saved for a version string longer than the file keeps', async () => {
    const long = `2.1.0-${'x'.repeat(200)}`;
    const a = new UnlinkChoiceFile(dir);
    a.set(long, 'own');
    await a.flush();
    expect(new UnlinkChoiceFile(dir).get(long)).toBe('own');
  });

  it('reports a damaged file, starts empty, and replaces the file on the next answer as before', async () => {
    await writeFile(path.join(dir, 'unlink-peer-id.json'), JSON.stringify({ version: 1, byAgent: { '2.1.0': 'both' } }));
    const problems: string[] = [];
    const a = new UnlinkChoiceFile(dir, (p) => problems.push(`${p.file}: ${p.message}`));
    expect(problems).toEqual(['unlink-peer-id.json: not valid: starting with an empty record']);
    expect(a.get('2.1.0')).toBeNull();
    a.set('2.2.0', 'leader');
    await a.flush();
    expect(await saved()).toEqual({ '2.2.0': 'leader' });
    expect(problems).toHaveLength(1);
    expect(await readdir(dir)).toEqual(['unlink-peer-id.json']);
  });

  it('says which record was not updated when another process holds the lock too long, and writes it with the next answer', async () => {
    const lock = path.join(dir, 'unlink-peer-id.json.lock');
    await writeFile(lock, '');
    const problems: string[] = [];
    const a = new UnlinkChoiceFile(dir, (p) => problems.push(p.message), 50);
    a.set('2.1.0', 'own');
    await a.flush();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/so the record of which id each agent version accepts in unlink was not updated\. If no other fieldlink command is running/);
    await rm(lock);
    a.set('2.2.0', 'leader');
    await a.flush();
    expect(await saved()).toEqual({ '2.1.0': 'own', '2.2.0': 'leader' });
  });

  it('keeps every answer of two processes writing at the same moment, one write per answer', async () => {
    const COUNT = 25;
    await runTwoWriters('unlink', dir, COUNT);
    const byAgent = await saved();
    const expected = Object.fromEntries(WRITERS.flatMap((prefix) => Array.from({ length: COUNT }, (_, i) => [`${prefix}-${i}`, i % 2 ? 'own' : 'leader'])));
    // Both wrote "both-seen" with different answers; whichever came last is kept, and exactly one is.
    const { 'both-seen': both, ...rest } = byAgent;
    expect(rest).toEqual(expected);
    expect(['leader', 'own']).toContain(both);
  }, 60_000);
});
