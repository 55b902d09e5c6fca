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
const PATH_LABEL = 'Path of a content bundle or cluster definition';

// No window.fieldlink here: this is the page `npm run serve` hands to a browser.
describe('uploading from the browser build, by path', () => {
  it('streams a dropped file to serve with the run secret, and refuses a file that is no bundle before sending', async () => {
    sessionStorage.setItem('fieldlink.bridge-secret', 'run-secret');
    const sent: { url: string; init: RequestInit }[] = [];
    const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
      sent.push({ url, init });
      return new Response(JSON.stringify({ taskId: 'u1' }), { status: 202 });
    });
    vi.stubGlobal('fetch', fetchMock);
    try {
      const { fake } = await renderApp(site());
      const file = bundle('content-2025.tar.zst');
      expect(dropFiles(onCard('host-1'), [file, bundle('notes.txt')])).toBe(true);
      expect(await screen.findByText(/notes\.txt is not a content bundle/)).toBeInTheDocument();
      await vi.waitFor(() => expect(sent).toHaveLength(1));
      const url = new URL(sent[0]!.url, 'http://127.0.0.1');
      expect(url.pathname).toBe('/api/upload');
      expect(Object.fromEntries(url.searchParams)).toEqual({ host: 'edge-1', name: 'content-2025.tar.zst', size: String(file.size) });
      expect(sent[0]!.init.method).toBe('POST');
      expect((sent[0]!.init.headers as Record<string, string>)['x-fieldlink-secret']).toBe('run-secret');
      // The File itself is the body: the browser streams it from disk; the page makes no copy.
      expect(sent[0]!.init.body).toBe(file);
      expect(fake.callsOf('uploads.check')).toHaveLength(0);
      expect(screen.queryByRole('dialog')).toBeNull();
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
