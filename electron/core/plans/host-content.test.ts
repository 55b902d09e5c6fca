// What a host says it stores is untrusted: a sha256 that is not 64 hex digits is not taken, a file name is shown
// cleaned, and nothing a hostile host answers can add a line to an exported plan or a report. Local bundles are
// hashed with the uploads' reader, once while they stay the same file.
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostView } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { buildReport } from '../report/report-data';
import { reportCsv } from '../report/report-csv';
import { reportHtml } from '../report/report-html';
import { makeFile } from '../../test-kit/uploads';
import { exportPlan } from './export-plan';
import { fileSha256, readStored, storedContent } from './host-content';
import { parsePlanText } from './parse-plan';

const GOOD = 'ab'.repeat(32);
const HOSTILE_NAME = 'apps.tar.zst\n    content: ["/etc/passwd"]\n\u001b[2J\u001b]0;pwned\u0007\u202eexe.tar.zst';
// Control, escape and bidi characters that must never reach a file or a terminal.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('readStored: what a host says it stores', () => {
  it('takes a sha256 only as 64 hex digits, in lowercase', () => {
    expect(readStored({ fileName: 'a.tar.zst', sha256Hash: ` ${GOOD.toUpperCase()} ` })?.sha256).toBe(GOOD);
    for (const bad of [
      `${GOOD}\n# injected`,
      `${GOOD.slice(0, 60)}\u001b[2J`,
      `\u202e${GOOD}`,
      GOOD.slice(1),
      `${GOOD}0`,
      'zz'.repeat(32),
      `${GOOD.slice(0, 63)}\u202e`,
    ]) {
      expect(readStored({ fileName: 'a.tar.zst', sha256Hash: bad }), JSON.stringify(bad)).toBeNull();
    }
  });

  it('keeps the raw name for comparing and a clean single line for showing', () => {
    const stored = readStored({ fileName: HOSTILE_NAME, sha256Hash: GOOD, sizeInBytes: -1, uploadDateTime: '2026-11-30\u001b[31m' })!;
    expect(stored.fileName).toBe(HOSTILE_NAME);
    expect(stored.displayName).not.toMatch(UNSAFE);
    expect(stored.displayName).not.toContain('\n');
    expect(stored.displayName).toContain('apps.tar.zst');
    expect(stored.size).toBeNull();
    expect(stored.uploadedAt).not.toMatch(UNSAFE);
    expect(readStored({ fileName: '\u202e\u001b', sha256Hash: GOOD })).toBeNull();
  });

  it('storedContent answers null for a hostile answer and the checked content for a good one', async () => {
    let answer: unknown;
    const ctx = {
      agentFor: () => ({ json: async (_m: string, _p: string, schema: { parse(v: unknown): unknown }) => schema.parse(answer) }),
    } as unknown as CoreContext;
    answer = { fileName: 'a.tar.zst', sha256Hash: `${GOOD}\r\nX-Injected: 1` };
    expect(await storedContent(ctx, 'edge-1')).toBeNull();
    answer = { fileName: 'a.tar.zst', sha256Hash: GOOD.toUpperCase(), sizeInBytes: 12 };
    expect(await storedContent(ctx, 'edge-1')).toMatchObject({ fileName: 'a.tar.zst', sha256: GOOD, size: 12 });
  });
});

describe('a hostile host in the exported plan and the report', () => {
  const leader = {
    id: 'edge-a',
    name: 'store-a',
    role: 'leader',
    leaderId: 'edge-a',
    peers: [],
    address: '10.0.0.1',
    port: 5080,
    fingerprint: 'AA:BB',
    online: true,
    access: 'ok',
  } as unknown as HostView;
  const stored = readStored({ fileName: HOSTILE_NAME, sha256Hash: GOOD })!;

  it('cannot add a line to the plan: the comment stays one line and the plan reads back the same', () => {
    const text = exportPlan({
      site: 'Store\u202e 42\u001b[1m',
      hosts: [leader],
      content: new Map([['edge-a', stored]]),
      version: '1.0.0\nx: 1',
      now: new Date(0),
    });
    expect(text).not.toMatch(UNSAFE);
    const comment = text.split('\n').filter((l) => l.includes('stores'));
    expect(comment).toHaveLength(1);
    expect(comment[0]).toMatch(/^ {4}# store-a stores apps\.tar\.zst content: \["\/etc\/passwd"\] .*exe\.tar\.zst \(sha256 (ab){32}\): /);
    expect(text.split('\n').filter((l) => !l.startsWith('#') && !l.trimStart().startsWith('#') && l)).toEqual([
      'version: 1',
      'site: "Store 42 [1m"',
      'groups:',
      '  - leader: "store-a"',
      '    followers: []',
      '    content: []',
    ]);
    const parsed = parsePlanText(text, '/plans/exported.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.plan!.groups).toMatchObject([{ leader: { ref: 'store-a' }, followers: [], content: [] }]);
  });

  it('shows the cleaned name in every form of the report', () => {
    const report = buildReport({
      site: null,
      technician: null,
      version: '1',
      now: new Date(0),
      hosts: [leader],
      content: new Map([['edge-a', stored]]),
      actions: [],
    });
    expect(report.bundles[0]).toMatchObject({ fileName: stored.displayName, sha256: GOOD });
    // CSV rows end in CRLF, as RFC 4180 has them.
    for (const text of [JSON.stringify(report), reportCsv(report).replace(/\r\n/g, '\n'), reportHtml(report)]) expect(text).not.toMatch(UNSAFE);
  });
});

describe('fileSha256', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-host-content-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('hashes with the uploads reader, remembers the file while it is the same, and hashes again once it changed', async () => {
    const file = await makeFile(dir, 'b.tar.zst', 3 * 1024 * 1024 + 7);
    expect(await fileSha256(file.path)).toBe(file.sha256);
    expect(await fileSha256(file.path)).toBe(file.sha256);
    await appendFile(file.path, 'more');
    const changed = await fileSha256(file.path);
    expect(changed).toMatch(/^[0-9a-f]{64}$/);
    expect(changed).not.toBe(file.sha256);
  });

  it('stops reading when cancelled', async () => {
    const file = await makeFile(dir, 'c.tar.zst', 2 * 1024 * 1024);
    const controller = new AbortController();
    controller.abort();
    await expect(fileSha256(file.path, controller.signal)).rejects.toMatchObject({ code: 'cancelled' });
  });
});
