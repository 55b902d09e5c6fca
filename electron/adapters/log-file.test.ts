import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatLine, openLogFile } from './log-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-log-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const fixed = () => new Date('2024-05-01T10:00:00.000Z');

describe('log file', () => {
  it('writes one timestamped line per entry, with fields as JSON', async () => {
    const log = openLogFile(path.join(dir, 'logs', 'fieldlink.log'), { now: fixed });
    log.info('Linked edge-2 to edge-1.', { hostId: 'edge-2', ms: 840 });
    log.warn('multi\nline');
    const text = await readFile(log.path, 'utf8');
    expect(text).toBe('2024-05-01T10:00:00.000Z INFO  Linked edge-2 to edge-1. {"hostId":"edge-2","ms":840}\n' + '2024-05-01T10:00:00.000Z WARN  multi line\n');
  });

  it('never writes a password or a token, wherever the caller put it', async () => {
    const log = openLogFile(path.join(dir, 'fieldlink.log'), { now: fixed });
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLWJ5dGVz';
    log.error(`login with password=S3cret!pass failed`, { request: { password: 'S3cret!pass', token: jwt } });
    log.info(`renewed session ${jwt}`);
    log.warn('failed', { error: new Error(`Authorization: ${jwt}`) });
    const text = await readFile(log.path, 'utf8');
    expect(text).not.toContain('S3cret!pass');
    expect(text).not.toContain(jwt.slice(0, 25));
    expect(text).toContain('[redacted]');
  });

  it('drops debug lines unless asked, and is readable only by the user', async () => {
    const log = openLogFile(path.join(dir, 'fieldlink.log'), { now: fixed });
    log.debug('noise');
    log.info('kept');
    expect(await readFile(log.path, 'utf8')).not.toContain('noise');
    if (process.platform !== 'win32') expect((await stat(log.path)).mode & 0o077).toBe(0);
  });

  it('rotates to <name>.1 when full, keeping one old file', async () => {
    const file = path.join(dir, 'fieldlink.log');
    const log = openLogFile(file, { maxBytes: 200, now: fixed });
    for (let i = 0; i < 6; i++) log.info(`line ${i} ${'x'.repeat(40)}`);
    const current = await readFile(file, 'utf8');
    const old = await readFile(`${file}.1`, 'utf8');
    expect(current.length).toBeLessThanOrEqual(200);
    expect(current).toContain('line 5');
    expect(old).toContain('line 2');
  });

  it('caps a runaway line', () => {
    expect(formatLine(fixed(), 'info', 'y'.repeat(10_000)).length).toBeLessThanOrEqual(4000);
  });
});
