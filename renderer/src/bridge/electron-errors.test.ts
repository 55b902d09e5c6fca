// The Electron bridge over what contextBridge really leaves on window: a deep-frozen copy whose functions are
// non-configurable, read-only properties. The stand-in makes the Proxy wrapper of issue 9 fail here as in the app.
import { describe, expect, it } from 'vitest';
import { commandNames, type ConsoleApi } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { createContextBridgeStandIn } from '../../../electron/test-kit/shell/context-bridge-standin';
import { createConsoleBridge, normaliseElectronApi, type BridgeWindow } from './index';

/** What the preload would expose: every command answering `answer`, and `on`. */
function exposed(answer: (name: string, input: unknown) => Promise<unknown>, on: ConsoleApi['on'] = () => () => {}): ConsoleApi {
  const api: Record<string, unknown> = { on };
  for (const name of commandNames) api[name] = (input: unknown) => answer(name, input);
  const win: Record<string, unknown> = {};
  createContextBridgeStandIn({ mainWorld: win }).exposeInMainWorld('fieldlink', api);
  return win.fieldlink as ConsoleApi;
}

describe('the Electron bridge', () => {
  it('calls every contract command on the frozen API the preload exposed', async () => {
    const calls: string[] = [];
    const api = normaliseElectronApi(exposed(async (name) => (calls.push(name), { from: name })));
    for (const name of commandNames) await expect((api[name] as (i: unknown) => Promise<unknown>)({})).resolves.toEqual({ from: name });
    expect(calls).toEqual(commandNames);
  });

  it('rebuilds page-world errors from the preload as ConsoleErrors that keep code and host', async () => {
    // installConsoleApi throws in the page's own world, so code and hostId survive; the bridge rebuilds the class.
    const win: Record<string, unknown> = {};
    const pageError = Object.assign(new Error('The user name or password was refused.'), { name: 'ConsoleError', code: 'auth-failed', hostId: 'edge-1' });
    const frozen = Object.freeze({ ...Object.fromEntries(commandNames.map((n) => [n, () => Promise.reject(pageError)])), on: () => () => {} });
    Object.defineProperty(win, 'fieldlink', { value: frozen, writable: false, configurable: false });
    const api = normaliseElectronApi(win.fieldlink as ConsoleApi);
    const failure = await api['hosts.refresh']({ hostId: 'edge-1' }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ConsoleError);
    expect(failure).toMatchObject({ code: 'auth-failed', hostId: 'edge-1', message: 'The user name or password was refused.' });
  });

  it('passes an error that lost its code across the bridge on as it is', async () => {
    const api = normaliseElectronApi(exposed(() => Promise.reject(Object.assign(new Error('gone'), { code: 'unreachable' }))));
    const failure = await api['hosts.list']({}).catch((err: unknown) => err);
    // The stand-in copied the error as Electron does: its code did not survive, so it is not a ConsoleError.
    expect(failure).not.toBeInstanceOf(ConsoleError);
    expect(failure).toMatchObject({ message: 'gone' });
  });

  it('passes event subscriptions through', () => {
    const seen: unknown[] = [];
    let stored: ((payload: unknown) => void) | null = null;
    const api = normaliseElectronApi(
      exposed(async () => null, ((_event: string, listener: (payload: unknown) => void) => {
        stored = listener;
        return () => (stored = null);
      }) as ConsoleApi['on']),
    );
    const off = api.on('hosts.changed', (payload) => seen.push(payload));
    stored!({ upserted: [], removed: [] });
    expect(seen).toEqual([{ upserted: [], removed: [] }]);
    off();
    expect(stored).toBeNull();
  });

  it('explains a command the desktop part does not have, rather than crashing', async () => {
    const win: Record<string, unknown> = {};
    createContextBridgeStandIn({ mainWorld: win }).exposeInMainWorld('fieldlink', { on: () => () => {} });
    const api = normaliseElectronApi(win.fieldlink as ConsoleApi);
    await expect(api['hosts.list']({})).rejects.toMatchObject({ code: 'unsupported', message: expect.stringMatching(/Restart Fieldlink/) });
  });

  it('is what createConsoleBridge uses when the preload provided window.fieldlink', async () => {
    const fieldlink = exposed(async () => []);
    const win = { fieldlink, location: { hash: '', protocol: 'app:', host: 'fieldlink' }, history: { replaceState() {} } } as unknown as BridgeWindow;
    const bridge = createConsoleBridge(win, undefined);
    expect(bridge.kind).toBe('electron');
    await expect(bridge.api['hosts.list']({})).resolves.toEqual([]);
  });
});
