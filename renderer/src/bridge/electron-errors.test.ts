import { describe, expect, it } from 'vitest';
import type { ConsoleApi } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { normaliseElectronApi } from './index';

describe('the Electron bridge', () => {
  it('rebuilds page-world errors from the preload as ConsoleErrors that keep code and host', async () => {
    const pageError = Object.assign(new Error('The user name or password was refused.'), { name: 'ConsoleError', code: 'auth-failed', hostId: 'edge-1' });
    const api = normaliseElectronApi({ 'hosts.refresh': () => Promise.reject(pageError), on: () => () => {} } as unknown as ConsoleApi);
    const failure = await api['hosts.refresh']({ hostId: 'edge-1' }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ConsoleError);
    expect(failure).toMatchObject({ code: 'auth-failed', hostId: 'edge-1', message: 'The user name or password was refused.' });
  });

  it('passes answers and event subscriptions through untouched', async () => {
    const off = () => {};
    const api = normaliseElectronApi({ 'hosts.list': () => Promise.resolve([]), on: () => off } as unknown as ConsoleApi);
    await expect(api['hosts.list']({})).resolves.toEqual([]);
    expect(api.on('hosts.changed', () => {})).toBe(off);
  });
});
