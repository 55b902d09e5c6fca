// "Save report as PDF" against a fake Electron: the hidden window it prints in (sandboxed, no JavaScript, the one
// request allowed being the report), the save dialog, the atomic write, and the window destroyed on every path.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Listener } from '../test-kit/shell/fake-windows';

const fake = await vi.hoisted(async () => {
  const { FakeContents, fakeBrowserWindow } = await import('../test-kit/shell/fake-windows');
  const state = {
    /** What printToPDF does next: answer these bytes, fail, or never answer. */
    print: { mode: 'ok' as 'ok' | 'fail' | 'hang', bytes: Buffer.from('%PDF-1.7 fake') },
    loadFails: false,
    /** The save dialog's answer. */
    dialog: { canceled: false, filePath: '' } as { canceled: boolean; filePath?: string },
    dialogCalls: [] as Array<{ parent: unknown; options: Record<string, any> }>,
    beforeRequest: null as null | ((details: { url: string }, callback: (r: { cancel: boolean }) => void) => void),
    /** Every onBeforeRequest filter installed, in order (null = removed). */
    filters: [] as Array<unknown>,
    partitions: [] as string[],
    permissionHandler: null as null | Listener,
    /** When set, printToPDF waits for it: the test looks at the window mid-export. */
    gate: null as null | Promise<void>,
    /** Files seen at the moment the page was loaded (the temp report, for a large one). */
    loadedFileExisted: null as null | boolean,
  };
  /** The hidden window's contents: loading can fail, and printToPDF answers as `state.print` says. */
  class PrintingContents extends FakeContents {
    printOptions: unknown[] = [];
    override async loadURL(url: string) {
      await super.loadURL(url);
      if (url.startsWith('file:')) {
        const { existsSync } = await import('node:fs');
        const { fileURLToPath: toPath } = await import('node:url');
        state.loadedFileExisted = existsSync(toPath(url));
      }
      if (state.loadFails) throw new Error('ERR_FAILED (-2) loading the page');
    }
    printToPDF(options: unknown): Promise<Buffer> {
      this.printOptions.push(options);
      if (state.print.mode === 'fail') return Promise.reject(new Error('Printing failed'));
      if (state.print.mode === 'hang') return new Promise<Buffer>(() => {});
      return (state.gate ?? Promise.resolve()).then(() => state.print.bytes);
    }
  }
  return { state, FakeWindow: fakeBrowserWindow(PrintingContents) };
});

vi.mock('electron', () => ({
  BrowserWindow: fake.FakeWindow,
  dialog: {
    showSaveDialog: async (...args: unknown[]) => {
      const [parent, options] = args.length === 2 ? args : [null, args[0]];
      fake.state.dialogCalls.push({ parent, options: options as Record<string, any> });
      return fake.state.dialog;
    },
  },
  session: {
    fromPartition: (partition: string) => {
      fake.state.partitions.push(partition);
      return {
        webRequest: {
          onBeforeRequest: (listener: typeof fake.state.beforeRequest) => {
            fake.state.filters.push(listener);
            fake.state.beforeRequest = listener;
          },
        },
        setPermissionRequestHandler: (h: never) => void (fake.state.permissionHandler = h),
        setPermissionCheckHandler: () => {},
        setDevicePermissionHandler: () => {},
      };
    },
  },
}));

const { createReportPdfSaver, defaultPdfName, pageSizeFor, MAX_DATA_URL_CHARS, REPORT_PDF_PARTITION } = await import('./report-pdf');

const REPORT = '<!doctype html><html><head><meta charset="utf-8"></head><body><h1>Commissioning report — Store 42</h1><p>edge-1 AB:CD</p></body></html>';
const log = { warn: vi.fn() };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'report-pdf-test-'));
  fake.FakeWindow.made.length = 0;
  Object.assign(fake.state, {
    print: { mode: 'ok', bytes: Buffer.from('%PDF-1.7 fake') },
    loadFails: false,
    dialog: { canceled: false, filePath: path.join(dir, 'out', 'report.pdf') },
    dialogCalls: [],
    filters: [],
    beforeRequest: null,
    loadedFileExisted: null,
    gate: null,
  });
  log.warn.mockClear();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const parent = { isDestroyed: () => false, id: 'console-window' };

function saver(html = REPORT, overrides: Partial<Parameters<typeof createReportPdfSaver>[0]> = {}) {
  const asked: unknown[] = [];
  const save = createReportPdfSaver({
    reportHtml: async (input) => {
      asked.push(input);
      return html;
    },
    parentWindow: () => parent as never,
    defaultDir: () => '/home/tech/Documents',
    pageSize: () => 'Letter',
    log,
    now: () => new Date(2026, 10, 30, 1, 30),
    ...overrides,
  });
  return { save, asked };
}

/** Holds printToPDF until the returned function is called. */
function holdPrint(): () => void {
  let release!: () => void;
  fake.state.gate = new Promise<void>((resolve) => (release = resolve));
  return release;
}

/** Waits until the export is inside printToPDF (the page loaded, the request filter live). */
const printing = () => vi.waitFor(() => expect(fake.FakeWindow.made[0]?.webContents.printOptions).toHaveLength(1), { timeout: 10_000 });

const onlyWindow = () => {
  expect(fake.FakeWindow.made).toHaveLength(1);
  return fake.FakeWindow.made[0]!;
};

describe('saving the report as PDF', () => {
  it('prints in a hidden, sandboxed window without JavaScript, on its own in-memory session', async () => {
    const { save, asked } = saver();
    await save({ technician: 'Ana', site: 'Store 42' });
    expect(asked).toEqual([{ technician: 'Ana', site: 'Store 42' }]);
    const win = onlyWindow();
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toMatchObject({
      partition: REPORT_PDF_PARTITION,
      sandbox: true,
      javascript: false,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(win.options.webPreferences.preload).toBeUndefined();
    expect(REPORT_PDF_PARTITION.startsWith('persist:')).toBe(false);
    expect(fake.state.partitions).toContain(REPORT_PDF_PARTITION);
    const granted: boolean[] = [];
    fake.state.permissionHandler!(null, 'media', (g: boolean) => granted.push(g), { requestingUrl: 'data:text/html' });
    expect(granted).toEqual([false]);
  });

  it('loads the report as a data URL and blocks every other request', async () => {
    const { save } = saver();
    // The filter is live only while the page loads and prints: it is asked while the export runs.
    const check = (url: string) => new Promise<boolean>((resolve) => fake.state.beforeRequest!({ url }, (r) => resolve(r.cancel)));
    const release = holdPrint();
    const done = save({});
    await printing();
    const loaded = fake.FakeWindow.made[0]!.webContents.loaded[0]!;
    expect(loaded.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(loaded.split(',')[1]!, 'base64').toString('utf8')).toBe(REPORT);
    const verdicts: Array<[string, boolean]> = [];
    for (const url of [loaded, 'https://evil.example/pixel.png', 'http://10.0.0.5:5080/', 'file:///etc/passwd', 'data:image/png;base64,AAAA']) {
      verdicts.push([url.slice(0, 30), await check(url)]);
    }
    release();
    await done;
    expect(verdicts.map(([, cancel]) => cancel)).toEqual([false, true, true, true, true]);
    expect(log.warn).toHaveBeenCalledWith('Report PDF: blocked a request the report made.', { url: 'https://evil.example/pixel.png' });
    // Removed again once the PDF is made.
    expect(fake.state.filters.at(-1)).toBeNull();
  });

  it('keeps the page from navigating or opening windows', async () => {
    const { save } = saver();
    await save({});
    const contents = onlyWindow().webContents;
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      const e = { preventDefault: vi.fn() };
      contents.emit(event, e, 'https://evil.example/');
      expect(e.preventDefault).toHaveBeenCalled();
    }
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('prints with backgrounds on the locale paper size and writes the PDF atomically where the user chose', async () => {
    const { save } = saver();
    const target = fake.state.dialog.filePath!;
    await expect(save({ site: 'Store 42' })).resolves.toEqual({ path: target });
    const win = onlyWindow();
    expect(win.webContents.printOptions).toEqual([expect.objectContaining({ printBackground: true, pageSize: 'Letter' })]);
    expect(await readFile(target, 'utf8')).toBe('%PDF-1.7 fake');
    // The atomic write's temp file is renamed into place: only the PDF is left in its folder.
    expect(await readdir(path.dirname(target))).toEqual(['report.pdf']);
    expect((await stat(target)).mode & 0o777).toBe(0o644);
    expect(win.destroyed).toBe(true);
  });

  it('asks with the console window as parent, in the documents folder, with the site and date in the name', async () => {
    const { save } = saver();
    await save({ site: 'Store 42' });
    expect(fake.state.dialogCalls).toHaveLength(1);
    const call = fake.state.dialogCalls[0]!;
    expect(call.parent).toBe(parent);
    expect(call.options.defaultPath).toBe(path.join('/home/tech/Documents', 'Commissioning report - Store 42 - 2026-11-30.pdf'));
    expect(call.options.filters).toEqual([{ name: 'PDF', extensions: ['pdf'] }]);
  });

  it('writes nothing when the dialog is cancelled, and still destroys the window', async () => {
    fake.state.dialog = { canceled: true, filePath: '' };
    const { save } = saver();
    await expect(save({})).resolves.toEqual({ path: null });
    expect(await readdir(dir)).toEqual([]);
    expect(onlyWindow().destroyed).toBe(true);
  });

  it('destroys the window and writes nothing when the page fails to load', async () => {
    fake.state.loadFails = true;
    const { save } = saver();
    await expect(save({})).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('print it from a browser') });
    expect(onlyWindow().destroyed).toBe(true);
    expect(fake.state.dialogCalls).toHaveLength(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('destroys the window and writes nothing when printing fails', async () => {
    fake.state.print.mode = 'fail';
    const { save } = saver();
    await expect(save({})).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('Printing failed') });
    expect(onlyWindow().destroyed).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it('gives up on a print that never ends, destroying the window', async () => {
    fake.state.print.mode = 'hang';
    vi.useFakeTimers();
    try {
      const { save } = saver(REPORT, { printTimeoutMs: 5_000 });
      const outcome = save({}).then(
        () => null,
        (err: unknown) => err,
      );
      await vi.waitFor(() => expect(fake.FakeWindow.made[0]?.webContents.printOptions).toHaveLength(1));
      await vi.advanceTimersByTimeAsync(5_000);
      expect(await outcome).toMatchObject({ code: 'timeout' });
    } finally {
      vi.useRealTimers();
    }
    expect(onlyWindow().destroyed).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it('says so when the chosen place cannot be written, and leaves no window', async () => {
    const blocker = path.join(dir, 'a-file');
    await import('node:fs/promises').then((fs) => fs.writeFile(blocker, 'x'));
    fake.state.dialog = { canceled: false, filePath: path.join(blocker, 'report.pdf') };
    const { save } = saver();
    await expect(save({})).rejects.toMatchObject({ code: 'file-rejected', message: expect.stringContaining('Pick a folder you can write to') });
    expect(onlyWindow().destroyed).toBe(true);
  });

  it('loads a report too large for a data URL from a private temp file, allows only that file, and removes it', async () => {
    const big = `<!doctype html><html><body>${'<p>edge-1 AB:CD:EF</p>'.repeat(Math.ceil(MAX_DATA_URL_CHARS / 20))}</body></html>`;
    let verdict: boolean | null = null;
    let other: boolean | null = null;
    const { save } = saver(big);
    const release = holdPrint();
    const done = save({});
    await printing();
    const loaded = fake.FakeWindow.made[0]!.webContents.loaded[0]!;
    expect(loaded.startsWith('file:')).toBe(true);
    fake.state.beforeRequest!({ url: loaded }, (r) => (verdict = r.cancel));
    fake.state.beforeRequest!({ url: 'file:///etc/passwd' }, (r) => (other = r.cancel));
    release();
    await done;
    expect(fake.state.loadedFileExisted).toBe(true);
    expect([verdict, other]).toEqual([false, true]);
    await expect(stat(fileURLToPath(loaded))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(onlyWindow().destroyed).toBe(true);
  });

  it('runs one export at a time', async () => {
    fake.state.print.mode = 'hang';
    vi.useFakeTimers();
    try {
      const { save } = saver(REPORT, { printTimeoutMs: 5_000 });
      const first = save({}).catch((err: unknown) => err);
      await expect(save({})).rejects.toMatchObject({ code: 'conflict' });
      await vi.advanceTimersByTimeAsync(5_000);
      expect(await first).toMatchObject({ code: 'timeout' });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('paper and file name', () => {
  it('uses Letter where that is the usual paper, A4 elsewhere', () => {
    expect(pageSizeFor('US')).toBe('Letter');
    expect(pageSizeFor('ca')).toBe('Letter');
    expect(pageSizeFor('DE')).toBe('A4');
    expect(pageSizeFor('')).toBe('A4');
  });

  it('names the file after the site and the local date, without characters a file system refuses', () => {
    const now = new Date(2026, 0, 5, 23, 59);
    expect(defaultPdfName('Store 42', now)).toBe('Commissioning report - Store 42 - 2026-01-05.pdf');
    expect(defaultPdfName('A/B: "north"?', now)).toBe('Commissioning report - A-B- -north - 2026-01-05.pdf');
    expect(defaultPdfName(undefined, now)).toBe('Commissioning report - 2026-01-05.pdf');
    expect(defaultPdfName('../..', now)).toBe('Commissioning report - 2026-01-05.pdf');
  });
});
