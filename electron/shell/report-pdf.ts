// "Save as PDF" for the commissioning report (desktop only): the core's HTML report is laid out in a hidden window
// that can do nothing but show it, printed with Chromium's own printToPDF, and written where the technician picks.
//
// The window is hidden (show: false) but not an offscreen-rendering one: printToPDF goes through the print pipeline,
// not the compositor, and a hidden window is what Electron's own printToPDF tests use; offscreen rendering would only
// swap in a frame-capture compositor nobody reads.
import { BrowserWindow, dialog, session, type Session } from 'electron';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandArgs, CommandOutput } from '../../shared/contract';
import { ConsoleError } from '../../shared/errors';
import { writeFileAtomic } from '../../shared/node/atomic-file';
import { lockDownPermissions } from './permissions';

/** Not "persist:": nothing of it reaches the disk. One partition for every export, one export at a time. */
export const REPORT_PDF_PARTITION = 'fieldlink-report-pdf';

/** Chromium refuses to load a URL longer than 2 MiB; a larger report goes through a private temp file instead. */
export const MAX_DATA_URL_CHARS = 2 * 1024 * 1024;

/** Long enough for a report of thousands of hosts on a slow laptop; a print that hangs must still end. */
const PRINT_TIMEOUT_MS = 120_000;

/** A PDF the technician asked for is theirs to open and send on, like the core's other exports. */
const EXPORT_MODE = 0o644;

/** Where Letter is the usual paper; everywhere else A4. */
const LETTER_COUNTRIES = new Set(['US', 'CA', 'MX', 'PH', 'CL', 'CO', 'VE', 'PR', 'GT', 'CR', 'PA', 'DO', 'SV', 'NI']);

export type PageSize = 'A4' | 'Letter';

export function pageSizeFor(countryCode: string): PageSize {
  return LETTER_COUNTRIES.has(countryCode.toUpperCase()) ? 'Letter' : 'A4';
}

/** "Commissioning report - Store 42 - 2026-11-30.pdf": characters no file system takes become "-". */
export function defaultPdfName(site: string | undefined, now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const cleanSite = (site ?? '')
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '-')
    .replace(/^[\s.-]+|[\s.-]+$/g, '')
    .slice(0, 80);
  return `Commissioning report - ${cleanSite ? `${cleanSite} - ` : ''}${date}.pdf`;
}

type SavePdfInput = CommandArgs<'report.savePdf'>;

export interface ReportPdfDeps {
  /** The report as HTML: the core's report.export. */
  reportHtml(input: SavePdfInput): Promise<string>;
  /** The console window, so the save dialog is its sheet; null when it is not open. */
  parentWindow(): BrowserWindow | null;
  /** The folder the save dialog opens in (the user's documents). */
  defaultDir(): string;
  pageSize(): PageSize;
  log: { warn(message: string, fields?: Record<string, unknown>): void };
  now?: () => Date;
  /** Internal: tests shorten it. */
  printTimeoutMs?: number;
}

/** The handler for report.savePdf. */
export function createReportPdfSaver(deps: ReportPdfDeps): (input: SavePdfInput) => Promise<CommandOutput<'report.savePdf'>> {
  let busy = false;
  return async (input) => {
    // One hidden window and one dialog at a time: a second click while the first runs gets a clear no.
    if (busy) throw new ConsoleError('conflict', 'The report is already being saved as PDF. Wait for that to finish, then try again.');
    busy = true;
    try {
      const html = await deps.reportHtml(input);
      const pdf = await printHtmlToPdf(html, deps);
      const options = {
        title: 'Save the report as PDF',
        defaultPath: path.join(deps.defaultDir(), defaultPdfName(input.site, (deps.now ?? (() => new Date()))())),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      };
      const parent = deps.parentWindow();
      const choice = await (parent && !parent.isDestroyed() ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options));
      if (choice.canceled || !choice.filePath) return { path: null };
      try {
        await writeFileAtomic(choice.filePath, pdf, EXPORT_MODE);
      } catch (err) {
        throw new ConsoleError(
          'file-rejected',
          `Fieldlink could not write ${choice.filePath} (${errorText(err)}). Pick a folder you can write to and try again.`,
        );
      }
      return { path: choice.filePath };
    } finally {
      busy = false;
    }
  };
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 200);

let partitionReady: Session | null = null;

function reportSession(log: ReportPdfDeps['log']): Session {
  if (!partitionReady) {
    const ses = session.fromPartition(REPORT_PDF_PARTITION);
    lockDownPermissions(ses, [], (message) => log.warn(`Report PDF: ${message}`));
    partitionReady = ses;
  }
  return partitionReady;
}

/** Lays `html` out in a hidden window that can load nothing else, prints it, and always destroys the window. */
export async function printHtmlToPdf(html: string, deps: Pick<ReportPdfDeps, 'pageSize' | 'log' | 'printTimeoutMs'>): Promise<Buffer> {
  const ses = reportSession(deps.log);
  const dataUrl = `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`;
  let tempDir: string | null = null;
  let url = dataUrl;
  if (dataUrl.length > MAX_DATA_URL_CHARS) {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-report-'));
    const file = path.join(tempDir, 'report.html');
    await writeFile(file, html, { mode: 0o600 });
    url = pathToFileURL(file).href;
  }
  // The report is self-contained (its own CSP says so too): the one request allowed is the report itself.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url === url;
    if (!allowed) deps.log.warn('Report PDF: blocked a request the report made.', { url: details.url.slice(0, 200) });
    callback({ cancel: !allowed });
  });

  const win = new BrowserWindow({
    show: false,
    width: 1000,
    height: 1400,
    webPreferences: {
      partition: REPORT_PDF_PARTITION,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      // The report has no script; a page that cannot run any cannot do anything but be laid out.
      javascript: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const contents = win.webContents;
  const stay = (event: { preventDefault(): void }) => event.preventDefault();
  // A meta refresh or a link needs no script: the page stays the report.
  contents.on('will-navigate', stay);
  contents.on('will-redirect', stay);
  contents.on('will-frame-navigate', stay);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));

  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new ConsoleError('timeout', 'Making the PDF took too long. Export the report as HTML and print it from a browser instead.')),
        deps.printTimeoutMs ?? PRINT_TIMEOUT_MS,
      );
    });
    const print = async () => {
      await contents.loadURL(url);
      return contents.printToPDF({ printBackground: true, pageSize: deps.pageSize(), preferCSSPageSize: false });
    };
    return await Promise.race([print(), timeout]);
  } catch (err) {
    if (err instanceof ConsoleError) throw err;
    throw new ConsoleError('internal', `Fieldlink could not make the PDF (${errorText(err)}). Export the report as HTML and print it from a browser instead.`);
  } finally {
    clearTimeout(timer);
    ses.webRequest.onBeforeRequest(null);
    if (!win.isDestroyed()) win.destroy();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}
