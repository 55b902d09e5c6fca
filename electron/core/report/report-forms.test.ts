// The report's text forms treat host text as data: HTML escaped, CSV cells never run as spreadsheet formulas.
import { describe, expect, it } from 'vitest';
import type { HostView } from '../../../shared/contract';
import { buildReport } from './report-data';
import { reportCsv } from './report-csv';
import { reportHtml } from './report-html';

const host = (over: Partial<HostView>): HostView =>
  ({
    id: 'edge-a',
    name: 'a',
    url: 'https://10.0.0.1:5080',
    address: '10.0.0.1',
    port: 5080,
    sources: ['manual'],
    online: true,
    lastSeen: null,
    pinned: false,
    access: 'ok',
    accessMessage: null,
    retryAfterSec: null,
    fingerprint: 'AA:BB',
    offeredFingerprint: null,
    role: 'standalone',
    state: 'Ready',
    mode: 'appliance',
    os: 'ubuntu 22.04',
    agentVersion: 'v4.7.2',
    managementMode: 'local',
    multiNode: true,
    health: null,
    linkStatus: null,
    linkError: null,
    leaderId: null,
    peers: [],
    token: null,
    credentialOverride: false,
    ...over,
  }) as HostView;

describe('report forms', () => {
  const report = buildReport({
    site: 'Store <42>',
    technician: '=HYPERLINK("x")',
    version: '1.0.0',
    now: new Date('2026-11-30T01:00:00Z'),
    hosts: [host({ name: '<img src=x onerror=alert(1)>' })],
    content: new Map([['edge-a', { fileName: '+evil.tar.zst', displayName: '+evil.tar.zst', sha256: 'ab'.repeat(32), size: 10, uploadedAt: null }]]),
    actions: [],
  });

  it('HTML escapes every host text and carries no script', () => {
    const html = reportHtml(report);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Store &lt;42&gt;');
    expect(html).not.toMatch(/<script/i);
  });

  it('CSV defuses formulas and quotes what needs it', () => {
    const csv = reportCsv(report);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain("'+evil.tar.zst");
    expect(csv).toContain('AA:BB');
  });
});
