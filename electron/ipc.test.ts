import { describe, expect, it, vi } from 'vitest';
import { commandNames, desktopOnlyMessages, eventNames, ipcChannel, type DesktopHandlers } from '../shared/contract';
import { createFakeCore } from './bridge/testing/fake-core';
import { registerIpc } from './ipc';
import { ChosenFiles, UNCHOSEN_PATH_MESSAGE } from './shell/chosen-files';
import { CHOSEN_FILE_CHANNEL } from './shell/preload-api';

// ipc.ts needs only types from electron; the mock makes sure nothing real is ever loaded.
vi.mock('electron', () => ({}));

type Handler = (event: unknown, input: unknown) => Promise<unknown>;

type Sender = { id?: number; url?: string; top?: boolean; gone?: boolean };

function setup(options: { mainId?: number | null; confirm?: (paths: string[]) => Promise<boolean>; desktop?: DesktopHandlers } = {}) {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: Handler) => void handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
    on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => void listeners.set(channel, listener)),
    removeListener: vi.fn((channel: string) => void listeners.delete(channel)),
  };
  const chosen = new ChosenFiles();
  const confirmTyped = vi.fn(options.confirm ?? (async () => false));
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
    files: { chosen, confirmTyped },
    ...(options.desktop ? { desktop: options.desktop } : {}),
  });
  const eventFrom = (sender: Sender) => ({
    sender: { id: sender.id ?? 1 },
    senderFrame: sender.gone ? null : { url: sender.url ?? 'fieldlink://app/index.html', parent: sender.top === false ? {} : null },
  });
  const call = (name: string, input: unknown, sender: Sender = {}) => handlers.get(ipcChannel.command(name as never))!(eventFrom(sender), input);
  /** What the preload sends when webUtils resolved a dropped or picked file. */
  const choose = (file: unknown, sender: Sender = {}) => listeners.get(CHOSEN_FILE_CHANNEL)!(eventFrom(sender), file);
  return { handlers, listeners, ipcMain, core, sent, log, dispose, call, choose, chosen, confirmTyped };
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

  it('answers a desktop-only command from the shell, with input validated and the sender checked', async () => {
    const savePdf = vi.fn(async () => ({ path: '/home/tech/report.pdf' }));
    const { call } = setup({ desktop: { 'report.savePdf': savePdf } });
    await expect(call('report.savePdf', { site: ' Store 42 ' })).resolves.toEqual({ ok: true, data: { path: '/home/tech/report.pdf' } });
    expect(savePdf).toHaveBeenCalledWith({ site: 'Store 42' });
    await expect(call('report.savePdf', { path: '/etc/cron.d/x' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await expect(call('report.savePdf', {}, { url: 'https://evil.example/' })).resolves.toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(savePdf).toHaveBeenCalledTimes(1);
  });

  it('answers a desktop-only command it was given no handler for as unsupported, with what to do instead', async () => {
    const { call } = setup();
    await expect(call('report.savePdf', {})).resolves.toEqual({ ok: false, error: { code: 'unsupported', message: desktopOnlyMessages['report.savePdf'] } });
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

describe('registerIpc: local files only if the user chose them', () => {
  const refused = { ok: false, error: { code: 'refused', message: UNCHOSEN_PATH_MESSAGE } };

  it('refuses uploads.check and uploads.start for a path the user did not choose, with the reason, before the core', async () => {
    const { call, core, confirmTyped } = setup();
    await expect(call('uploads.check', { paths: ['/home/tech/.ssh/id_ed25519'] })).resolves.toEqual(refused);
    await expect(call('uploads.start', { hostId: 'edge-1', files: [{ path: '/etc/shadow' }] })).resolves.toEqual(refused);
    expect(confirmTyped).toHaveBeenCalledWith(['/home/tech/.ssh/id_ed25519']);
    expect(core.calls.get('uploads.check')).toBeUndefined();
    expect(core.calls.get('uploads.start')).toBeUndefined();
  });

  it('accepts a file the preload reported as dropped or picked, without asking', async () => {
    const { call, choose, core, confirmTyped } = setup();
    choose('/media/usb/content-bundle.tar');
    choose('/media/usb/content-bundle.tar.sig');
    await call('uploads.check', { paths: ['/media/usb/content-bundle.tar'] });
    await call('uploads.start', { hostId: 'edge-1', files: [{ path: '/media/usb/content-bundle.tar', signaturePath: '/media/usb/content-bundle.tar.sig' }] });
    expect(core.calls.get('uploads.check')).toHaveLength(1);
    expect(core.calls.get('uploads.start')).toHaveLength(1);
    expect(confirmTyped).not.toHaveBeenCalled();
  });

  it('refuses a signature file nobody chose even when the bundle was chosen', async () => {
    const { call, choose } = setup();
    choose('/media/usb/content-bundle.tar');
    await expect(
      call('uploads.start', { hostId: 'edge-1', files: [{ path: '/media/usb/content-bundle.tar', signaturePath: '/home/tech/.aws/credentials' }] }),
    ).resolves.toEqual(refused);
  });

  it('accepts a typed path once the user confirmed it in the main-process dialog, and remembers it', async () => {
    const { call, core, confirmTyped } = setup({ confirm: async () => true });
    await call('uploads.check', { paths: ['/srv/bundles/edge.tar'] });
    await call('uploads.check', { paths: ['/srv/bundles/edge.tar'] });
    expect(confirmTyped).toHaveBeenCalledOnce();
    expect(core.calls.get('uploads.check')).toHaveLength(2);
  });

  it('never asks about a relative path: it is refused outright', async () => {
    const { call, confirmTyped } = setup({ confirm: async () => true });
    await expect(call('uploads.check', { paths: ['bundle.tar'] })).resolves.toEqual(refused);
    expect(confirmTyped).not.toHaveBeenCalled();
  });

  it('ignores a "chosen file" from a foreign sender or that is not an absolute path', async () => {
    const { call, choose, log } = setup();
    choose('/home/tech/.ssh/id_ed25519', { url: 'https://evil.example/' });
    choose('relative.tar');
    choose({ path: '/x' });
    await expect(call('uploads.check', { paths: ['/home/tech/.ssh/id_ed25519'] })).resolves.toEqual(refused);
    expect(log.warn.mock.calls[0]![0]).toMatch(/Refused a chosen file from a foreign sender/);
  });

  it('stops listening for chosen files when disposed', () => {
    const { dispose, listeners } = setup();
    dispose();
    expect(listeners.has(CHOSEN_FILE_CHANNEL)).toBe(false);
  });
});
