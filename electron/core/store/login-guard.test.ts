// The CLI's record of refused logins (login-refusals.json) when several commands run at once: each keeps its own
// refusals and nobody else's are lost, whether the writers are two guards in one process or two processes.
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTwoWriters, WRITERS } from '../../test-kit/core/two-writers';
import { LoginGuardFile, type LoginRefusal } from './login-guard';

const refusal = (message: string, until = Date.now() + 60_000): LoginRefusal => ({ kind: 'failed', until, message });
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'login-guard-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function saved(): Promise<string[]> {
  const file = JSON.parse(await readFile(path.join(dir, 'login-refusals.json'), 'utf8')) as { refusals: Record<string, LoginRefusal> };
  return Object.keys(file.refusals).sort();
}

describe('login-refusals.json with two writers', () => {
  it('keeps the refusals of two guards opened before either wrote', async () => {
    const a = new LoginGuardFile(dir, false);
    const b = new LoginGuardFile(dir, false);
    a.refused('https://10.0.0.1:5080', 'kairos', refusal('a'));
    b.refused('https://10.0.0.2:5080', 'kairos', refusal('b'));
    await Promise.all([a.flush(), b.flush()]);
    expect(await saved()).toEqual(['https://10.0.0.1:5080 kairos', 'https://10.0.0.2:5080 kairos']);
    // A third command sees both.
    const c = new LoginGuardFile(dir, false);
    expect(c.check('https://10.0.0.1:5080', 'kairos')?.message).toBe('a');
    expect(c.check('https://10.0.0.2:5080', 'kairos')?.message).toBe('b');
  });

  it('forgets only its own refusal on a successful login, and drops run-out ones', async () => {
    const a = new LoginGuardFile(dir, false);
    a.refused('https://10.0.0.1:5080', 'kairos', refusal('a'));
    a.refused('https://10.0.0.3:5080', 'kairos', refusal('old', Date.now() - 1));
    await a.flush();
    const b = new LoginGuardFile(dir, false);
    a.refused('https://10.0.0.2:5080', 'kairos', refusal('a2'));
    await a.flush();
    b.succeeded('https://10.0.0.1:5080', 'kairos');
    await b.flush();
    expect(await saved()).toEqual(['https://10.0.0.2:5080 kairos']);
  });

  it('makes the state folder when the first refusal comes before anything else was written there', async () => {
    const fresh = path.join(dir, 'not-yet');
    const problems: string[] = [];
    const a = new LoginGuardFile(fresh, false, (p) => problems.push(p.message));
    a.refused('https://10.0.0.1:5080', 'kairos', refusal('a'));
    await a.flush();
    expect(problems).toEqual([]);
    expect(await readdir(fresh)).toEqual(['login-refusals.json']);
  });

  it('takes over a lock left behind by a command that died mid-write, and leaves no lock of its own', async () => {
    const lock = path.join(dir, 'login-refusals.json.lock');
    await writeFile(lock, '');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    const problems: string[] = [];
    const a = new LoginGuardFile(dir, false, (p) => problems.push(p.message));
    a.refused('https://10.0.0.1:5080', 'kairos', refusal('a'));
    await a.flush();
    expect(problems).toEqual([]);
    expect(await saved()).toEqual(['https://10.0.0.1:5080 kairos']);
    expect(await readdir(dir)).toEqual(['login-refusals.json']);
  });

  it('says so, and keeps the refusal for the next write, when another command holds the lock too long', async () => {
    const lock = path.join(dir, 'login-refusals.json.lock');
    await writeFile(lock, '');
    const problems: string[] = [];
    const a = new LoginGuardFile(dir, false, (p) => problems.push(p.message), 50);
    a.refused('https://10.0.0.1:5080', 'kairos', refusal('a'));
    await a.flush();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/held by another fieldlink command .* If no other fieldlink command is running, delete that file\.$/);
    await rm(lock);
    a.refused('https://10.0.0.2:5080', 'kairos', refusal('a2'));
    await a.flush();
    expect(await saved()).toEqual(['https://10.0.0.1:5080 kairos', 'https://10.0.0.2:5080 kairos']);
  });

  it('keeps every refusal of two commands writing at the same moment, one write per refusal', async () => {
    const COUNT = 25;
    await runTwoWriters('login', dir, COUNT);
    const keys = await saved();
    expect(keys).toHaveLength(2 * COUNT);
    for (const prefix of WRITERS) for (let i = 0; i < COUNT; i++) expect(keys).toContain(`https://${prefix}-${i}:5080 kairos`);
  }, 60_000);
});
