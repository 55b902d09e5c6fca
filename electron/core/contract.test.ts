// The core's handlers behind shared/dispatch.ts, as every bridge calls them: bad input is refused with
// 'invalid-input' before a handler runs, and every answer is an envelope with a code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandNames, isDesktopOnlyCommand } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import { startHarness, type Harness } from '../test-kit/core/core-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('contract', () => {
  it('implements every command of the contract but the desktop-only ones (the desktop shell answers those)', () => {
    expect(Object.keys(h.core.handlers).sort()).toEqual(commandNames.filter((name) => !isDesktopOnlyCommand(name)).sort());
  });

  it('refuses input that does not fit the schema', async () => {
    const bad: [string, unknown][] = [
      ['hosts.add', { address: '' }],
      ['hosts.add', { address: 'x'.repeat(301) }],
      ['hosts.get', {}],
      ['hosts.pin', { hostId: 'a', pinned: 'yes' }],
      ['settings.set', { linkConcurrency: 0 }],
      ['settings.set', { mdnsInterfaces: ['not-an-ip'] }],
      ['settings.set', { theme: 'neon' }],
      ['credentials.setSite', { username: 'kairos' }],
      ['link.followers', { leaderId: 'a', followerIds: [] }],
      ['link.followers', { leaderId: 'a', followerIds: Array(501).fill('b') }],
      ['link.unlink', { hostId: 'a' }],
      ['discovery.probe', { cidr: '10.0.0.0/24', port: 0 }],
      ['certificates.trust', { hostId: 'a', fingerprint: 'short' }],
      ['app.info', { extra: true }],
      ['tasks.cancel', { taskId: '' }],
    ];
    for (const [name, input] of bad) {
      const answer = await dispatch(h.core.handlers, name, input);
      expect(answer, `${name} ${JSON.stringify(input).slice(0, 60)}`).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(await dispatch(h.core.handlers, 'hosts.nuke', {})).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('answers with codes the UI can act on', async () => {
    expect(await dispatch(h.core.handlers, 'hosts.get', { host: 'edge-unknown' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dispatch(h.core.handlers, 'hosts.add', { address: 'printer.local' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch(h.core.handlers, 'discovery.probe', { cidr: '10.0.0.0/20' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await dispatch(h.core.handlers, 'tasks.retry', { taskId: 'task-x' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const info = await dispatch(h.core.handlers, 'app.info', {});
    expect(info).toMatchObject({ ok: true, data: { bridge: 'cli', stateDir: h.stateDir } });
    expect(await dispatch(h.core.handlers, 'hosts.list', undefined)).toEqual({ ok: true, data: [] });
  });

  it('saves settings and announces them', async () => {
    const answer = await dispatch(h.core.handlers, 'settings.set', { linkConcurrency: 12, theme: 'dark' });
    expect(answer).toMatchObject({ ok: true, data: { linkConcurrency: 12, theme: 'dark', mdnsInterfaces: 'all' } });
    expect(h.events.some((e) => e.name === 'settings.changed')).toBe(true);
  });
});
