import { describe, expect, it } from 'vitest';
import { desktopOnlyCommands, desktopOnlyMessages, type Handlers } from './contract';
import { dispatch, unwrap } from './dispatch';
import { ConsoleError } from './errors';

const handlers = {
  'hosts.get': async ({ host }: { host: string }) => {
    if (host === 'missing') throw new ConsoleError('not-found', 'No host "missing" is known.', 'missing');
    if (host === 'boom') throw new Error('secret internals');
    return { id: host };
  },
} as unknown as Handlers;

describe('dispatch', () => {
  it('answers ok with the handler data', async () => {
    expect(await dispatch(handlers, 'hosts.get', { host: 'edge-1' })).toEqual({ ok: true, data: { id: 'edge-1' } });
  });

  it('rejects an unknown command without calling anything', async () => {
    const answer = await dispatch(handlers, 'hosts.nuke', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('rejects input that fails the schema with a readable message', async () => {
    const answer = await dispatch(handlers, 'hosts.get', { host: 42 });
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe('invalid-input');
      expect(answer.error.message).toMatch(/^The request was not valid \(host:/);
    }
  });

  it('rejects unexpected extra fields', async () => {
    const answer = await dispatch(handlers, 'hosts.get', { host: 'a', evil: true });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('keeps a ConsoleError code and host id', async () => {
    const answer = await dispatch(handlers, 'hosts.get', { host: 'missing' });
    expect(answer).toEqual({ ok: false, error: { code: 'not-found', message: 'No host "missing" is known.', hostId: 'missing' } });
    expect(() => unwrap(answer)).toThrow(ConsoleError);
  });

  it('hides the text of unexpected errors and reports them to the bridge', async () => {
    const seen: unknown[] = [];
    const answer = await dispatch(handlers, 'hosts.get', { host: 'boom' }, (err) => seen.push(err));
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.message).not.toMatch(/secret internals/);
    expect(seen).toHaveLength(1);
  });

  it('answers a desktop-only command the core has no handler for with what to do instead', async () => {
    for (const name of desktopOnlyCommands) {
      const answer = await dispatch(handlers, name, {});
      expect(answer).toEqual({ ok: false, error: { code: 'unsupported', message: desktopOnlyMessages[name] } });
    }
    expect(desktopOnlyMessages['report.savePdf']).toMatch(/desktop app only.*Export report \(HTML\).*print it from the browser/);
  });
});
