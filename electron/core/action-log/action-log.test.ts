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
