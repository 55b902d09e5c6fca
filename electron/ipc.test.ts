import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandNames, desktopOnlyMessages, eventNames, ipcChannel, type DesktopHandlers } from '../shared/contract';
import { createFakeCore } from './test-kit/bridge/fake-core';
import { registerIpc } from './ipc';
import { ChosenFiles, MAX_TYPED_PATHS, QUESTION_OPEN_MESSAGE, TOO_MANY_TYPED_MESSAGE, UNCHOSEN_PATH_MESSAGE, type TypedPathAnswer } from './shell/chosen-files';
import { CHOSEN_FILE_CHANNEL } from './shell/preload-api';

// ipc.ts needs only types from electron; the mock makes sure nothing real is ever loaded.
vi.mock('electron', () => ({}));

type Handler = (event: unknown, input: unknown) => Promise<unknown>;

type Sender = { id?: number; url?: string; top?: boolean; gone?: boolean };

function setup(options: { mainId?: number | null; confirm?: (paths: string[]) => Promise<TypedPathAnswer>; desktop?: DesktopHandlers } = {}) {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: Handler) => void handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
    on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => void listeners.set(channel, listener)),
    removeListener: vi.fn((channel: string) => void listeners.delete(channel)),
  };
  const chosen = new ChosenFiles();
  const confirmTyped = vi.fn(options.confirm ?? (async (): Promise<TypedPathAnswer> => 'refuse'));
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
  const choose = (file: unknown, sender: Sender = {}) => void listeners.get(CHOSEN_FILE_CHANNEL)!(eventFrom(sender), file);
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
    const { call, core, confirmTyped } = setup({ confirm: async () => 'allow' });
    await call('uploads.check', { paths: ['/srv/bundles/edge.tar'] });
    await call('uploads.check', { paths: ['/srv/bundles/edge.tar'] });
    expect(confirmTyped).toHaveBeenCalledOnce();
    expect(core.calls.get('uploads.check')).toHaveLength(2);
  });

  it('never asks about a relative path: it is refused outright', async () => {
    const { call, confirmTyped } = setup({ confirm: async () => 'allow' });
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

  it('gates plan.check and plan.apply: the plan file is a local path like any other', async () => {
    const { call, choose, core, confirmTyped } = setup();
    await expect(call('plan.check', { path: '/home/tech/.ssh/id_ed25519' })).resolves.toEqual(refused);
    await expect(call('plan.apply', { path: '/etc/shadow', prune: true })).resolves.toEqual(refused);
    expect(confirmTyped).toHaveBeenCalledWith(['/home/tech/.ssh/id_ed25519']);
    expect(core.calls.get('plan.check')).toBeUndefined();
    expect(core.calls.get('plan.apply')).toBeUndefined();
    choose('/media/usb/site-plan.yaml');
    await call('plan.check', { path: '/media/usb/site-plan.yaml' });
    await call('plan.apply', { path: '/media/usb/site-plan.yaml', prune: false });
    expect(core.calls.get('plan.check')).toEqual([{ path: '/media/usb/site-plan.yaml' }]);
    expect(core.calls.get('plan.apply')).toEqual([{ path: '/media/usb/site-plan.yaml', prune: false }]);
  });

  it(`never asks about more than ${MAX_TYPED_PATHS} typed paths at once: a larger batch is refused with its own reason`, async () => {
    const { call, confirmTyped } = setup({ confirm: async () => 'allow' });
    const paths = Array.from({ length: MAX_TYPED_PATHS + 1 }, (_, i) => `/srv/bundles/edge-${i}.tar`);
    await expect(call('uploads.check', { paths })).resolves.toEqual({ ok: false, error: { code: 'refused', message: TOO_MANY_TYPED_MESSAGE } });
    expect(confirmTyped).not.toHaveBeenCalled();
    await call('uploads.check', { paths: paths.slice(0, MAX_TYPED_PATHS) });
    expect(confirmTyped).toHaveBeenCalledOnce();
  });

  it('tells the page to answer the open question first when a second one is asked meanwhile', async () => {
    const { call, core } = setup({ confirm: async () => 'busy' });
    await expect(call('uploads.check', { paths: ['/srv/bundles/edge.tar'] })).resolves.toEqual({
      ok: false,
      error: { code: 'refused', message: QUESTION_OPEN_MESSAGE },
    });
    expect(core.calls.get('uploads.check')).toBeUndefined();
  });

  it('stops listening for chosen files when disposed', () => {
    const { dispose, listeners } = setup();
    dispose();
    expect(listeners.has(CHOSEN_FILE_CHANNEL)).toBe(false);
  });
});

describe('registerIpc: the path gate resolves symlinks and `..`, and hands the core what it checked', () => {
  let dir: string;
  let real: string;
  let secret: string;
  beforeAll(async () => {
    // realpath: on macOS the temporary folder itself is behind a symlink (/var -> /private/var).
    dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'fieldlink-gate-')));
    real = path.join(dir, 'usb');
    await mkdir(real);
    await writeFile(path.join(real, 'bundle.tar'), 'x');
    secret = path.join(dir, 'secret.key');
    await writeFile(secret, 'k');
    // A folder link the page could name: usb-link -> usb.
    await symlink(real, path.join(dir, 'usb-link'), 'dir');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const refused = { ok: false, error: { code: 'refused', message: UNCHOSEN_PATH_MESSAGE } };

  it('accepts a chosen file named through a symlinked folder, and the core gets the real path', async () => {
    const { call, choose, core, confirmTyped } = setup();
    choose(path.join(real, 'bundle.tar'));
    await expect(call('uploads.check', { paths: [path.join(dir, 'usb-link', 'bundle.tar')] })).resolves.toMatchObject({ ok: false });
    // (the fake core does not implement uploads.check: what matters is what it was given)
    expect(core.calls.get('uploads.check')).toEqual([{ paths: [path.join(real, 'bundle.tar')] }]);
    expect(confirmTyped).not.toHaveBeenCalled();
  });

  it('refuses a path that climbs out of a chosen folder with `..`, and asks about where it really leads', async () => {
    const { call, choose, core, confirmTyped } = setup();
    choose(path.join(real, 'bundle.tar'));
    const sneaky = path.join(dir, 'usb-link') + '/../secret.key';
    await expect(call('uploads.check', { paths: [sneaky] })).resolves.toEqual(refused);
    expect(confirmTyped).toHaveBeenCalledWith([secret]);
    expect(core.calls.get('uploads.check')).toBeUndefined();
  });

  it('refuses a symlink the page names when the file it points to was not chosen', async () => {
    await symlink(secret, path.join(real, 'innocent.tar'));
    const { call, choose, core } = setup();
    choose(path.join(real, 'bundle.tar'));
    await expect(call('uploads.start', { hostId: 'edge-1', files: [{ path: path.join(real, 'innocent.tar') }] })).resolves.toEqual(refused);
    expect(core.calls.get('uploads.start')).toBeUndefined();
  });

  it('accepts a chosen symlink as the file it points to, and passes that file to the core', async () => {
    const link = path.join(dir, 'bundle-link.tar');
    await symlink(path.join(real, 'bundle.tar'), link);
    const { call, choose, core } = setup();
    choose(link);
    await call('uploads.start', { hostId: 'edge-1', files: [{ path: link, signaturePath: link }] });
    expect(core.calls.get('uploads.start')).toEqual([
      { hostId: 'edge-1', files: [{ path: path.join(real, 'bundle.tar'), signaturePath: path.join(real, 'bundle.tar') }] },
    ]);
  });
});
