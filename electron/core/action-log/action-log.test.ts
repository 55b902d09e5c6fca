// The action log keeps what a technician hands over and nothing secret: one line per action task, redacted, readable
// back with filters, robust to a torn last line.
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskView } from '../../../shared/contract';
import { SecretSet, silentLogger } from '../log';
import { ACTION_LOG_FILE, ActionLog } from './action-log';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-action-log-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

function task(kind: TaskView['kind'], state: TaskView['state'], message: string): TaskView {
  return {
    id: `task-${kind}`,
    kind,
    title: `${kind} on store42-b`,
    state,
    phase: null,
    progress: null,
    bytesPerSec: null,
    etaSec: null,
    hosts: [{ hostId: 'edge-1', name: 'store42-b', state: state === 'succeeded' ? 'succeeded' : 'failed', message, detail: null }],
    error: state === 'succeeded' ? null : { code: 'refused', message },
    startedAt: '2026-11-30T01:00:00.000Z',
    endedAt: '2026-11-30T01:00:05.000Z',
    cancellable: false,
    retryable: false,
    retryOf: null,
  };
}

describe('ActionLog', () => {
  it('appends one redacted line per action task, skips reads, and filters on the way back', async () => {
    const secrets = new SecretSet();
    secrets.add('OTP-very-secret-123');
    const log = new ActionLog(dir, secrets, silentLogger);
    await log.recordTask(task('link', 'failed', 'The token OTP-very-secret-123 expired.'));
    await log.recordTask(task('probe', 'succeeded', 'probed'));
    await log.recordTask(task('upload', 'succeeded', 'Uploaded.'));
    const raw = await readFile(path.join(dir, ACTION_LOG_FILE), 'utf8');
    expect(raw).not.toContain('OTP-very-secret-123');
    expect(raw.trim().split('\n')).toHaveLength(2);
    // Nothing a task carries beyond the entry's fields is copied (a host's detail may quote what it was sent).
    expect(raw).not.toContain('detail');
    const all = await log.list();
    expect(all.map((e) => [e.action, e.result])).toEqual([
      ['link', 'failed'],
      ['upload', 'succeeded'],
    ]);
    expect(all[0]).toMatchObject({
      time: '2026-11-30T01:00:05.000Z',
      reason: 'The token [redacted] expired.',
      hosts: [{ id: 'edge-1', name: 'store42-b', result: 'failed' }],
    });
    expect(await log.list({ result: 'succeeded' })).toHaveLength(1);
    expect(await log.list({ host: 'STORE42-B' })).toHaveLength(2);
    expect(await log.list({ host: 'someone-else' })).toHaveLength(0);
    expect(await log.list({ limit: 1 })).toMatchObject([{ action: 'upload' }]);
  });

  it('writes no session token, link token or password the core has seen, wherever a task quotes it', async () => {
    const session = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNlc3Npb24';
    const linkToken = 'LINK-7f3a9c-2b1e-token-value';
    const password = 'Hunter2-site-password';
    const secrets = new SecretSet();
    for (const value of [session, linkToken, password]) secrets.add(value);
    const log = new ActionLog(dir, secrets, silentLogger);
    const t = task('link', 'failed', `The host refused the token ${linkToken} (session ${session}).`);
    t.title = `Link with token ${linkToken}`;
    t.hosts[0]!.detail = `Authorization: ${session}; password=${password}`;
    t.error = { code: 'refused', message: `Login as admin/${password} failed.` };
    await log.recordTask(t);
    const raw = await readFile(path.join(dir, ACTION_LOG_FILE), 'utf8');
    for (const value of [session, linkToken, password]) expect(raw).not.toContain(value);
    expect(JSON.parse(raw)).toMatchObject({
      title: 'Link with token [redacted]',
      reason: 'Login as admin/[redacted] failed.',
      hosts: [{ message: 'The host refused the token [redacted] (session [redacted]).' }],
    });
  });

  it('reads past a torn last line (a crash mid-write) and answers nothing for a log not written yet', async () => {
    const log = new ActionLog(dir, new SecretSet(), silentLogger);
    expect(await log.list()).toEqual([]);
    await log.recordTask(task('unlink', 'succeeded', 'Unlinked.'));
    await appendFile(path.join(dir, ACTION_LOG_FILE), '{"time":"2026-11-30T01:0');
    expect((await log.list()).map((e) => e.action)).toEqual(['unlink']);
  });

  it('writes later entries to the folder it is moved to (a site switched)', async () => {
    const log = new ActionLog(dir, new SecretSet(), silentLogger);
    const other = path.join(dir, 'site-b');
    log.moveTo(other);
    await log.recordTask(task('link', 'succeeded', 'Linked.'));
    expect(await readFile(path.join(other, ACTION_LOG_FILE), 'utf8')).toContain('"action":"link"');
  });
});
