// export-plan writes what the site is: one group per leader with its followers, ids where names are ambiguous,
// followers the console has not met by address, and a plan that reads back.
import { describe, expect, it } from 'vitest';
import { commands, type Handlers, type HostView, type PeerView } from '../../../shared/contract';
import { dispatch } from '../../../shared/dispatch';
import { exportPlan } from './export-plan';
import { parsePlanText } from './parse-plan';

const peer = (id: string, role: string, address = '10.0.0.9', port = 5080): PeerView => ({
  id,
  name: null,
  address,
  port,
  role,
  status: 'Ready',
  health: 'Healthy',
  healthReason: null,
  contentSyncStatus: 'Completed',
});

const host = (id: string, name: string, role: HostView['role'], leaderId: string | null = null, peers: PeerView[] = []): HostView =>
  ({ id, name, role, leaderId, peers, address: '10.0.0.1', port: 5080 }) as HostView;

describe('exportPlan', () => {
  it('writes one group per leader, names or ids, unknown followers by address, and reads back', () => {
    const hosts = [
      host('edge-a', 'store-a', 'leader', 'edge-a', [peer('edge-b', 'follower'), peer('edge-c', 'follower'), peer('edge-x', 'follower', '10.0.0.42', 5080)]),
      host('edge-b', 'twin', 'follower', 'edge-a'),
      host('edge-c', 'twin', 'follower', 'edge-a'),
      host('edge-d', 'spare "one"', 'standalone'),
    ];
    const text = exportPlan({
      site: 'Store\n42',
      hosts,
      content: new Map([['edge-a', { fileName: 'apps.tar.zst', displayName: 'apps.tar.zst', sha256: 'ab'.repeat(32), size: 1, uploadedAt: null }]]),
      version: '1.2.3',
      now: new Date('2026-11-30T00:00:00Z'),
    });
    const parsed = parsePlanText(text, '/plans/exported.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.plan).toMatchObject({ site: 'Store 42', groups: [{ leader: { ref: 'store-a' }, content: [] }] });
    expect(parsed.plan!.groups[0]!.followers.map((f) => f.ref)).toEqual(['edge-b', 'edge-c', '10.0.0.42:5080']);
    expect(text).toContain(`stores apps.tar.zst (sha256 ${'ab'.repeat(32)})`);
    expect(text).toContain('# Not in any group: spare "one".');
  });
});

describe('plan.export and report.export in the contract', () => {
  // A page (or anything else that reaches the contract) must not name a file for the core to write: ~/.bashrc...
  const target = '/home/tech/.bashrc';

  it('take no path to write to: an `out` is refused before any handler runs', async () => {
    expect(commands['plan.export'].input.safeParse({ out: target }).success).toBe(false);
    expect(commands['report.export'].input.safeParse({ format: 'html', out: target }).success).toBe(false);
    expect(commands['plan.export'].input.safeParse({ site: 'Store 42' }).success).toBe(true);
    expect(commands['report.export'].input.safeParse({ format: 'csv', technician: 'A. Tech', site: 'Store 42' }).success).toBe(true);
    const called: string[] = [];
    const handlers = {
      'plan.export': async () => {
        called.push('plan.export');
        return { text: '' };
      },
      'report.export': async () => {
        called.push('report.export');
        return { format: 'html', text: '' };
      },
    } as unknown as Handlers;
    for (const [name, input] of [
      ['plan.export', { out: target }],
      ['report.export', { format: 'html', out: target }],
    ] as const) {
      expect(await dispatch(handlers, name, input)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/out/) } });
    }
    expect(called).toEqual([]);
  });
});
