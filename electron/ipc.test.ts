import { describe, expect, it, vi } from 'vitest';
import { commandNames, eventNames, ipcChannel } from '../shared/contract';
import { createFakeCore } from './bridge/testing/fake-core';
import { registerIpc } from './ipc';

// ipc.ts needs only types from electron; the mock makes sure nothing real is ever loaded.
vi.mock('electron', () => ({}));

type Handler = (event: unknown, input: unknown) => Promise<unknown>;

function setup(options: { mainId?: number | null } = {}) {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: Handler) => void handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
  const core = createFakeCore();
  const sent: Array<[string, unknown]> = [];
  const mainId = options.mainId === undefined ? 1 : options.mainId;
  const contents = mainId === null ? null : { id: mainId, isDestroyed: () => false, send: (c: string, p: unknown) => sent.push([c, p]) };
  const log = { warn: vi.fn(), error: vi.fn() };
  const dispose = registerIpc({
    ipcMain: ipcMain as never,
    core,
    mainWebContents: () => contents as never,
    appOrigins: ['fieldlink://app'],
    log,
  });
  const call = (name: string, input: unknown, sender: { id?: number; url?: string; top?: boolean; gone?: boolean } = {}) => {
    const parent = sender.top === false ? {} : null;
    const event = {
      sender: { id: sender.id ?? 1 },
      senderFrame: sender.gone ? null : { url: sender.url ?? 'fieldlink://app/index.html', parent },
    };
    return handlers.get(ipcChannel.command(name as never))!(event, input);
  };
  return { handlers, ipcMain, core, sent, log, dispose, call };
}

describe('registerIpc', () => {
  it('registers exactly one handler per contract command, on its derived channel', () => {
    const { ipcMain, handlers } = setup();
    expect(ipcMain.handle).toHaveBeenCalledTimes(commandNames.length);
    expect([...handlers.keys()].sort()).toEqual(commandNames.map((n) => ipcChannel.command(n)).sort());
  });

  it('answers with the envelope dispatch() makes: data, validation errors, core errors', async () => {
    const { call, core } = setup();
    await expect(call('hosts.list', {})).resolves.toMatchObject({ ok: true, data: [{ id: 'edge-1' }, { id: 'edge-2' }] });
    await expect(call('hosts.get', { host: 'nobody' })).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No host "nobody" is known.', hostId: 'nobody' },
    });
    await expect(call('hosts.get', { host: 'edge-1', extra: true })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(core.calls.get('hosts.get')).toHaveLength(1);
  });

  it('logs an unexpected failure without showing it to the page', async () => {
    const { call, log } = setup();
    const answer = (await call('hosts.refresh', { hostId: 'edge-boom' })) as { ok: false; error: { code: string; message: string } };
    expect(answer.error.code).toBe('internal');
    expect(answer.error.message).not.toContain('internal detail');
    expect(log.error).toHaveBeenCalledWith('hosts.refresh failed unexpectedly.', expect.anything());
  });

  it('refuses a foreign sender with an error envelope and a log line, and never reaches the core', async () => {
    const { call, core, log } = setup();
    const refused = { ok: false, error: { code: 'refused', message: expect.any(String) } };
    await expect(call('hosts.list', {}, { url: 'https://evil.example/' })).resolves.toMatchObject(refused);
    await expect(call('hosts.list', {}, { id: 2 })).resolves.toMatchObject(refused);
    await expect(call('hosts.list', {}, { top: false })).resolves.toMatchObject(refused);
    await expect(call('hosts.list', {}, { gone: true })).resolves.toMatchObject(refused);
    expect(core.calls.get('hosts.list')).toBeUndefined();
    expect(log.warn).toHaveBeenCalledTimes(4);
    expect(log.warn.mock.calls[0]![0]).toMatch(/Refused hosts\.list from a foreign sender \(not the app origin\)/);
  });

  it('refuses every call while the console window is closed', async () => {
    const { call, core } = setup({ mainId: null });
    await expect(call('hosts.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(core.calls.size).toBe(0);
  });

  it("forwards every core event to the console window on the event's channel", () => {
    const { core, sent } = setup();
    for (const name of eventNames) core.emit(name, { name } as never);
    expect(sent).toEqual(eventNames.map((name) => [ipcChannel.event(name), { name }]));
  });

  it('removes its handlers and event listeners when disposed', () => {
    const { dispose, handlers, core } = setup();
    expect(core.listenerCount()).toBe(eventNames.length);
    dispose();
    expect(handlers.size).toBe(0);
    expect(core.listenerCount()).toBe(0);
  });
});
