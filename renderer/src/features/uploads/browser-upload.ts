// Drop uploads in the browser console: a page never learns a file's path, so the dropped File itself is sent, as the
// body of one POST to the local `serve` (127.0.0.1, with the run secret), which streams it into the core's upload
// task. The browser reads the file from disk as it sends: the page holds no copy, whatever the size. Progress, the
// sha256 check and the followers' sync then show on the card like any other upload, from the task events.
import { ConsoleError } from '../../../../shared/errors';
import { UPLOAD_ROUTE, UPLOAD_SECRET_HEADER } from '../../../../shared/upload-route';
import { takeSecret } from '../../bridge/location-secret';
import { notifyError } from '../../ui/notify';
import { hostLabel } from '../../entities/hosts/hosts-store';

const BUNDLE = /\.(tar\.zst|zst|tgz|tar\.gz)$/i;

/** Why a dropped file cannot be sent at all, before any byte goes out; null when it may be. */
export function streamRefusal(file: File): string | null {
  if (!BUNDLE.test(file.name)) return `${file.name} is not a content bundle (.tar.zst, .zst) or a cluster definition (.tgz). Nothing was uploaded.`;
  if (file.size === 0) return `${file.name} is empty. Nothing was uploaded.`;
  return null;
}

/**
 * One POST with the File as its body, by XMLHttpRequest rather than fetch(): Chromium hands an XHR's File body to its
 * network process as the file itself, which reads it from disk, while fetch() streams it through the browser process
 * and a pipe. Measured for 1 GiB: 1.4-1.6 CPU-s in Chromium by XHR against 2.2-3.5 by fetch, on the CPU `serve`
 * and the host's sending share.
 */
function send(hostId: string, file: File, secret: string): Promise<void> {
  const query = new URLSearchParams({ host: hostId, name: file.name, size: String(file.size) });
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `${UPLOAD_ROUTE}?${query.toString()}`);
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.setRequestHeader(UPLOAD_SECRET_HEADER, secret);
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) return resolve();
      reject(
        new ConsoleError('file-rejected', refusalOf(request.responseText) ?? `The console refused the upload (HTTP ${request.status}). Drop the file again.`),
      );
    };
    // No answer at all: serve stopped, or the page went offline. Said in words by the caller.
    request.onerror = () => reject(new Error('no answer'));
    request.onabort = () => reject(new Error('aborted'));
    request.send(file);
  });
}

/** The console's own words from a refusal's JSON body; null for a body that is not that (a proxy's page, nothing). */
function refusalOf(body: string): string | null {
  try {
    const said = JSON.parse(body) as { error?: unknown } | null;
    return typeof said?.error === 'string' ? said.error : null;
  } catch {
    return null; // not JSON: the HTTP status says it instead
  }
}

/** Sends each dropped file in turn (the host's upload queue would hold the next one anyway). */
export async function streamFiles(hostId: string, files: File[]): Promise<void> {
  const secret = takeSecret(window);
  if (!secret) {
    notifyError(
      `Could not upload to ${hostLabel(hostId)}`,
      new ConsoleError('needs-credentials', 'This page has lost its key to the console. Open the address `serve` printed again.'),
    );
    return;
  }
  for (const file of files) {
    const refusal = streamRefusal(file);
    if (refusal) {
      notifyError(`Could not upload ${file.name}`, new ConsoleError('file-rejected', refusal));
      continue;
    }
    try {
      await send(hostId, file, secret);
    } catch (err) {
      // No answer (serve stopped, page offline): said in words, not as a bug.
      const known =
        err instanceof ConsoleError
          ? err
          : new ConsoleError('unreachable', `The console did not take ${file.name}: is \`serve\` still running? Drop the file again.`);
      notifyError(`Could not upload ${file.name} to ${hostLabel(hostId)}`, known);
    }
  }
}
