// The preload against a fake Electron whose contextBridge is the faithful stand-in: what the page gets is what
// Electron would leave there (copied, frozen), and the page-side half runs from its source text in another V8
// context, as contextBridge.executeInMainWorld runs it.
import vm from 'node:vm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { commandNames, eventNames, ipcChannel, type Envelope } from '../shared/contract';
import { CHOSEN_FILE_CHANNEL } from './shell/preload-api';
import { createContextBridgeStandIn, type ContextBridgeStandIn } from './test-kit/shell/context-bridge-standin';

const electron = vi.hoisted(() => {
  // A minimal ipcRenderer listener registry (vi.hoisted runs before imports, so no EventEmitter here).
  const channels = new Map<string, Array<(...args: unknown[]) => void>>();
  const emitter = {
    on: (channel: string, fn: (...args: unknown[]) => void) => void channels.set(channel, [...(channels.get(channel) ?? []), fn]),
    removeListener: (channel: string, fn: (...args: unknown[]) => void) =>
      void channels.set(
        channel,
        (channels.get(channel) ?? []).filter((f) => f !== fn),
      ),
    emit: (channel: string, ...args: unknown[]) => (channels.get(channel) ?? []).forEach((fn) => fn(...args)),
    listenerCount: (channel: string) => (channels.get(channel) ?? []).length,
    removeAllListeners: () => channels.clear(),
  };
  return {
    emitter,
    executeInMainWorld: vi.fn(),
    exposeInMainWorld: vi.fn(),
    invoke: vi.fn(),
    send: vi.fn(),
    getPathForFile: vi.fn((file: { name: string }) => (file.name ? `/home/tech/${file.name}` : '')),
  };
});

vi.mock('electron', () => ({
  contextBridge: { executeInMainWorld: electron.executeInMainWorld, exposeInMainWorld: electron.exposeInMainWorld },
  ipcRenderer: {
    invoke: electron.invoke,
    send: electron.send,
    on: (channel: string, listener: (...args: unknown[]) => void) => electron.emitter.on(channel, listener),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => electron.emitter.removeListener(channel, listener),
  },
  webUtils: { getPathForFile: electron.getPathForFile },
}));

type PageApi = Record<string, (...args: unknown[]) => unknown>;

/** A fresh main world (its own V8 context) and the contextBridge stand-in bound to it. */
function mainWorld(): { context: vm.Context; standIn: ContextBridgeStandIn } {
  const context = vm.createContext({ console });
  const standIn = createContextBridgeStandIn({ mainWorld: context, compile: (source) => vm.runInContext(`(${source})`, context) });
  electron.executeInMainWorld.mockImplementation((script: Parameters<ContextBridgeStandIn['executeInMainWorld']>[0]) => standIn.executeInMainWorld(script));
  electron.exposeInMainWorld.mockImplementation((key: string, api: unknown) => standIn.exposeInMainWorld(key, api));
  return { context, standIn };
}

/** Loads the preload into a fresh main world, as Electron would, and returns what the page sees. */
async function loadPreload(): Promise<{ page: PageApi; context: vm.Context }> {
  vi.resetModules();
  const { context } = mainWorld();
  await import('./preload');
  expect(electron.executeInMainWorld).toHaveBeenCalledOnce();
  return { page: context.fieldlink as PageApi, context };
}

beforeEach(() => {
  electron.emitter.removeAllListeners();
  electron.invoke.mockReset();
  electron.send.mockReset();
  electron.exposeInMainWorld.mockReset();
  electron.executeInMainWorld.mockReset();
});

describe('preload', () => {
  it('gives the page one method per contract command, plus on and getPathForFile, and nothing else', async () => {
    const { page } = await loadPreload();
    expect(Object.keys(page).sort()).toEqual([...commandNames, 'on', 'getPathForFile'].sort());
    expect(Object.isFrozen(page)).toBe(true);
    expect(electron.exposeInMainWorld).not.toHaveBeenCalled();
  });

  it("invokes the command's own channel and returns the envelope's data", async () => {
    const { page } = await loadPreload();
    electron.invoke.mockResolvedValue({ ok: true, data: [{ id: 'edge-1' }] } satisfies Envelope<unknown>);
    await expect(page['hosts.list']!({})).resolves.toEqual([{ id: 'edge-1' }]);
    expect(electron.invoke).toHaveBeenCalledWith(ipcChannel.command('hosts.list'), {});

    electron.invoke.mockResolvedValue({ ok: true, data: null });
    await page['link.makeLeader']!({ hostId: 'edge-1' });
    expect(electron.invoke).toHaveBeenLastCalledWith(ipcChannel.command('link.makeLeader'), { hostId: 'edge-1' });
  });

  it('rethrows an error envelope as an Error that keeps code, message and host id', async () => {
    const { page } = await loadPreload();
    electron.invoke.mockResolvedValue({ ok: false, error: { code: 'locked-out', message: 'Too many attempts.', hostId: 'edge-3' } });
    const err = (await (page['hosts.refresh']!({ hostId: 'edge-3' }) as Promise<unknown>).catch((e: unknown) => e)) as Error & {
      code?: string;
      hostId?: string;
    };
    expect(err.message).toBe('Too many attempts.');
    expect(err.name).toBe('ConsoleError');
    expect(err.code).toBe('locked-out');
    expect(err.hostId).toBe('edge-3');

    electron.invoke.mockResolvedValue({ ok: false, error: { code: 'invalid-input', message: 'bad' } });
    const plain = (await (page['hosts.list']!({}) as Promise<unknown>).catch((e: unknown) => e)) as { hostId?: string };
    expect('hostId' in plain).toBe(false);
  });

  it('turns a failed or odd IPC answer into an internal error rather than leaking Electron text', async () => {
    const { page } = await loadPreload();
    electron.invoke.mockRejectedValue(new Error("Error invoking remote method 'fieldlink:cmd:hosts.list': No handler registered"));
    await expect(page['hosts.list']!({})).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/could not reach its core/) });
    electron.invoke.mockResolvedValue('surprise');
    await expect(page['hosts.list']!({})).rejects.toMatchObject({ code: 'internal' });
  });

  it('delivers event payloads without the Electron event, and unsubscribes', async () => {
    const { page } = await loadPreload();
    const seen: unknown[] = [];
    const off = page.on!('tasks.changed', (payload: unknown) => seen.push(payload)) as () => void;
    const channel = ipcChannel.event('tasks.changed');
    electron.emitter.emit(channel, { sender: 'the raw ipcRenderer' }, { id: 't1' });
    expect(seen).toEqual([{ id: 't1' }]);
    off();
    off();
    electron.emitter.emit(channel, {}, { id: 't2' });
    expect(seen).toHaveLength(1);
    expect(electron.emitter.listenerCount(channel)).toBe(0);
  });

  it('subscribes on the channel of every contract event, and refuses unknown ones', async () => {
    const { page } = await loadPreload();
    for (const name of eventNames) {
      const off = page.on!(name, () => {}) as () => void;
      expect(electron.emitter.listenerCount(ipcChannel.event(name))).toBe(1);
      off();
    }
    expect(() => page.on!('fieldlink:cmd:hosts.list', () => {})).toThrow(/Unknown event/);
  });

  it('keeps one failing listener from silencing the others', async () => {
    const { page } = await loadPreload();
    const seen: unknown[] = [];
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    page.on!('hosts.changed', () => {
      throw new Error('boom');
    });
    page.on!('hosts.changed', (p: unknown) => seen.push(p));
    electron.emitter.emit(ipcChannel.event('hosts.changed'), {}, { upserted: [], removed: [] });
    expect(seen).toHaveLength(1);
    quiet.mockRestore();
  });

  it('resolves a dropped file to its path with webUtils and tells the main process the user chose it', async () => {
    const { page } = await loadPreload();
    expect(page.getPathForFile!({ name: 'bundle.tar' })).toBe('/home/tech/bundle.tar');
    expect(electron.getPathForFile).toHaveBeenCalledWith({ name: 'bundle.tar' });
    expect(electron.send).toHaveBeenCalledWith(CHOSEN_FILE_CHANNEL, '/home/tech/bundle.tar');
    // A File the page made itself has no path: nothing is registered.
    electron.send.mockClear();
    expect(page.getPathForFile!({ name: '' })).toBe('');
    expect(electron.send).not.toHaveBeenCalled();
  });

  it('leaves window.fieldlink frozen, read-only and non-configurable in the page', async () => {
    const { context } = await loadPreload();
    expect(Object.getOwnPropertyDescriptor(context, 'fieldlink')).toMatchObject({ writable: false, configurable: false });
    expect(Object.getOwnPropertyDescriptor(context.fieldlink, 'hosts.list')).toMatchObject({ writable: false, configurable: false });
  });

  it('falls back to exposeInMainWorld when the main world cannot be reached, and the API still answers', async () => {
    vi.resetModules();
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { context } = mainWorld();
    electron.executeInMainWorld.mockImplementation(() => {
      throw new Error('not supported');
    });
    await import('./preload');
    expect(electron.exposeInMainWorld).toHaveBeenCalledOnce();
    const page = context.fieldlink as PageApi;
    expect(Object.keys(page).sort()).toEqual([...commandNames, 'on', 'getPathForFile'].sort());
    expect(Object.isFrozen(page)).toBe(true);
    electron.invoke.mockResolvedValue({ ok: true, data: [] });
    await expect(page['hosts.list']!({})).resolves.toEqual([]);
    // On this path the error crosses the bridge as a copy: its message survives, its code does not.
    electron.invoke.mockResolvedValue({ ok: false, error: { code: 'locked-out', message: 'Too many attempts.' } });
    await expect(page['hosts.list']!({})).rejects.toMatchObject({ message: 'Too many attempts.' });
    quiet.mockRestore();
  });
});
