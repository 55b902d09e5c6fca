// @vitest-environment jsdom
import '../../../test-kit/setup';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { host, leader } from '../../../test-kit/fixtures';
import { card, renderApp } from '../../../test-kit/render';
import { accepted, bundle, dropFiles, onCard, refused } from '../../../test-kit/uploads';
import { resetUploadsStore } from './uploads-store';

afterEach(resetUploadsStore);

const site = () => ({ hosts: [leader('edge-1', Date.now()), host('edge-2')] });
/** A ceiling for what the page shows after an answer, generous for a loaded machine; found at once otherwise. */
const WAIT = 10_000;
const PATH_LABEL = 'Path of a content bundle or cluster definition';

interface SentUpload {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A stand-in for the page's XMLHttpRequest: records each upload and answers it as `answer` says. */
function stubUploads(answer: () => { status: number; body: string } | 'no answer'): SentUpload[] {
  const sent: SentUpload[] = [];
  class FakeRequest {
    status = 0;
    responseText = '';
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private sending: SentUpload = { method: '', url: '', headers: {}, body: null };
    open(method: string, url: string) {
      this.sending = { method, url, headers: {}, body: null };
    }
    setRequestHeader(name: string, value: string) {
      this.sending.headers[name.toLowerCase()] = value;
    }
    send(body: unknown) {
      sent.push({ ...this.sending, body });
      const reply = answer();
      queueMicrotask(() => {
        if (reply === 'no answer') return this.onerror?.();
        this.status = reply.status;
        this.responseText = reply.body;
        this.onload?.();
      });
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeRequest);
  return sent;
}

// No window.fieldlink here: this is the page `npm run serve` hands to a browser.
describe('uploading from the browser build, by path', () => {
  it('streams a dropped file to serve with the run secret, and refuses a file that is no bundle before sending', async () => {
    sessionStorage.setItem('fieldlink.bridge-secret', 'run-secret');
    const sent = stubUploads(() => ({ status: 202, body: JSON.stringify({ taskId: 'u1' }) }));
    try {
      const { fake } = await renderApp(site());
      const file = bundle('content-2025.tar.zst');
      expect(dropFiles(onCard('host-1'), [file, bundle('notes.txt')])).toBe(true);
      expect(await screen.findByText(/notes\.txt is not a content bundle/)).toBeInTheDocument();
      await vi.waitFor(() => expect(sent).toHaveLength(1));
      const url = new URL(sent[0]!.url, 'http://127.0.0.1');
      expect(url.pathname).toBe('/api/upload');
      expect(Object.fromEntries(url.searchParams)).toEqual({ host: 'edge-1', name: 'content-2025.tar.zst', size: String(file.size) });
      expect(sent[0]!.method).toBe('POST');
      expect(sent[0]!.headers['x-fieldlink-secret']).toBe('run-secret');
      expect(sent[0]!.headers['content-type']).toBe('application/octet-stream');
      // The File itself is the body: the browser streams it from disk; the page makes no copy.
      expect(sent[0]!.body).toBe(file);
      expect(fake.callsOf('uploads.check')).toHaveLength(0);
      expect(screen.queryByRole('dialog')).toBeNull();
    } finally {
      vi.unstubAllGlobals();
      sessionStorage.clear();
    }
  });

  it("shows the console's own words when it refuses the upload, and the HTTP status when it gave none", async () => {
    sessionStorage.setItem('fieldlink.bridge-secret', 'run-secret');
    const answers = [
      { status: 422, body: JSON.stringify({ error: 'edge-1 is busy linking. Drop the file again once it is done.' }) },
      { status: 502, body: '<html>Bad gateway</html>' },
    ];
    stubUploads(() => answers.shift()!);
    try {
      await renderApp(site());
      dropFiles(onCard('host-1'), [bundle('a.tar.zst')]);
      expect(await screen.findByText('edge-1 is busy linking. Drop the file again once it is done.', {}, { timeout: WAIT })).toBeInTheDocument();
      dropFiles(onCard('host-1'), [bundle('b.tar.zst')]);
      expect(await screen.findByText('The console refused the upload (HTTP 502). Drop the file again.', {}, { timeout: WAIT })).toBeInTheDocument();
    } finally {
      vi.unstubAllGlobals();
      sessionStorage.clear();
    }
  });

  it('says `serve` may have stopped when the upload gets no answer at all', async () => {
    sessionStorage.setItem('fieldlink.bridge-secret', 'run-secret');
    stubUploads(() => 'no answer');
    try {
      await renderApp(site());
      dropFiles(onCard('host-1'), [bundle('a.tar.zst')]);
      expect(
        await screen.findByText(/The console did not take a\.tar\.zst: is `serve` still running\? Drop the file again\./, {}, { timeout: WAIT }),
      ).toBeInTheDocument();
    } finally {
      vi.unstubAllGlobals();
      sessionStorage.clear();
    }
  });

  it('opens the path dialog from the card footer, with keyboard only', async () => {
    const { fake, user } = await renderApp(site());
    fake.respond('uploads.check', () => [refused('/tmp/x.iso', 'x.iso is not a content bundle (.tar.zst, .zst) or a cluster definition (.tgz).', 10)]);
    const button = within(card('host-2')).getByRole('button', { name: 'Upload content to host-2' });
    button.focus();
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Upload to host-2' });
    const field = within(dialog).getByRole('textbox', { name: PATH_LABEL });
    expect(field).toHaveFocus();
    await user.keyboard('/tmp/x.iso{Enter}');
    expect(await within(dialog).findByText('x.iso is not a content bundle (.tar.zst, .zst) or a cluster definition (.tgz).')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Upload' })).toBeDisabled();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.callsOf('uploads.start')).toHaveLength(0);
  });

  it('takes a signature by path for a bundle', async () => {
    const { fake, user } = await renderApp(site());
    fake.respond('uploads.check', ({ paths }) => paths.map((p) => accepted(p)));
    fake.respond('uploads.start', () => ({ taskIds: ['u1'] }));
    await user.click(within(card('host-1')).getByRole('button', { name: 'Upload content to host-1' }));
    const dialog = await screen.findByRole('dialog', { name: 'Upload to host-1' });
    await user.type(within(dialog).getByRole('textbox', { name: PATH_LABEL }), '/data/a.tar.zst{Enter}');
    await user.click(await within(dialog).findByRole('button', { name: 'Add a signature file for a.tar.zst' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Path of the signature for a.tar.zst' }), '/data/a.tar.zst.sig{Enter}');
    expect(within(dialog).getByText('Signature: a.tar.zst.sig')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Upload 1 file' }));
    expect(fake.callsOf('uploads.start')).toEqual([{ hostId: 'edge-1', files: [{ path: '/data/a.tar.zst', signaturePath: '/data/a.tar.zst.sig' }] }]);
  });
});
