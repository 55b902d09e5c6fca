// @vitest-environment jsdom
import '../../../test-kit/setup';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { dataTransfer } from '../../../test-kit/drag';
import { host, leader } from '../../../test-kit/fixtures';
import { card, renderApp } from '../../../test-kit/render';
import { LEADER_MIME } from '../linking/drag-link';
import { accepted, bundle, dropFiles, fileTransfer, onCard, refused, stubDesktop } from '../../../test-kit/uploads';
import { resetUploadsStore, useUploadsStore } from './uploads-store';

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
  resetUploadsStore();
});

const site = () => ({ hosts: [leader('edge-1', Date.now()), host('edge-2')] });

describe('dropping files on a host card (desktop app)', () => {
  it('checks the dropped files with the core, then uploads them by path to that host', async () => {
    restore = stubDesktop();
    const { fake, user } = await renderApp(site());
    fake.respond('uploads.check', ({ paths }) => paths.map((p) => accepted(p)));
    fake.respond('uploads.start', () => ({ taskIds: ['u1', 'u2'] }));

    expect(dropFiles(onCard('host-1'), [bundle('a.tar.zst'), bundle('cluster.tgz')])).toBe(true);
    const dialog = await screen.findByRole('dialog', { name: 'Upload to host-1' });
    expect(fake.callsOf('uploads.check')).toEqual([{ paths: ['/media/usb/a.tar.zst', '/media/usb/cluster.tgz'] }]);
    const files = within(dialog).getByRole('list', { name: 'Files to upload' });
    expect(within(files).getByText('Content bundle · 4 GiB')).toBeInTheDocument();
    expect(within(files).getByText('Cluster definition · 4 GiB')).toBeInTheDocument();
    expect(fake.callsOf('uploads.start')).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'Upload 2 files' }));
    expect(fake.callsOf('uploads.start')).toEqual([{ hostId: 'edge-1', files: [{ path: '/media/usb/a.tar.zst' }, { path: '/media/usb/cluster.tgz' }] }]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // The card follows these tasks even before the core reports their host rows.
    expect(useUploadsStore.getState().targets).toEqual({ u1: 'edge-1', u2: 'edge-1' });
  });

  it('shows an overlay only while files are over the card', async () => {
    restore = stubDesktop();
    await renderApp(site());
    const target = card('host-2');
    const dt = fileTransfer([bundle()]);
    fireEvent.dragEnter(onCard('host-2'), { dataTransfer: dt });
    expect(within(target).getByRole('status', { name: 'Drop to upload to host-2' })).toBeInTheDocument();
    fireEvent.dragLeave(within(target).getByRole('status'), { dataTransfer: dt, relatedTarget: document.body });
    expect(within(target).queryByRole('status', { name: /Drop to upload/ })).toBeNull();
  });

  it('sends a signature file along with its bundle', async () => {
    restore = stubDesktop({ 'a.tar.zst.sig': '/media/usb/a.tar.zst.sig' });
    const { fake, user } = await renderApp(site());
    fake.respond('uploads.check', ({ paths }) => paths.map((p) => accepted(p)));
    fake.respond('uploads.start', () => ({ taskIds: ['u1'] }));
    dropFiles(onCard('host-1'), [bundle('a.tar.zst')]);
    const dialog = await screen.findByRole('dialog', { name: 'Upload to host-1' });
    await within(dialog).findByText('Content bundle · 4 GiB');
    // The button opens the system picker (a hidden file input); picking a file gives its path through the preload.
    const input = within(dialog).getByRole('listitem', { name: 'a.tar.zst' }).querySelector<HTMLInputElement>('input[type=file]')!;
    await user.upload(input, bundle('a.tar.zst.sig'));
    expect(within(dialog).getByText('Signature: a.tar.zst.sig')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Upload 1 file' }));
    expect(fake.callsOf('uploads.start')).toEqual([{ hostId: 'edge-1', files: [{ path: '/media/usb/a.tar.zst', signaturePath: '/media/usb/a.tar.zst.sig' }] }]);
  });

  it('shows each refusal in words and starts nothing when no file can be sent', async () => {
    restore = stubDesktop();
    const { fake, user } = await renderApp(site());
    const emptyWhy = 'empty.tar.zst is empty (0 bytes), so it cannot be a content bundle. Copy it again from where it came from.';
    const typeWhy = 'notes.txt is not a content bundle (.tar.zst, .zst) or a cluster definition (.tgz).';
    fake.respond('uploads.check', () => [refused('/media/usb/empty.tar.zst', emptyWhy), refused('/media/usb/notes.txt', typeWhy, 120)]);

    dropFiles(onCard('host-1'), [bundle('empty.tar.zst', 0), bundle('notes.txt')]);
    const dialog = await screen.findByRole('dialog', { name: 'Upload to host-1' });
    expect(await within(dialog).findByText(emptyWhy)).toBeInTheDocument();
    expect(within(dialog).getByText(typeWhy)).toBeInTheDocument();
    expect(within(dialog).getAllByText('Will not be sent')).toHaveLength(2);
    expect(within(dialog).getByText('2 files will not be sent.')).toBeInTheDocument();
    const upload = within(dialog).getByRole('button', { name: 'Upload' });
    expect(upload).toBeDisabled();
    await user.click(upload);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.callsOf('uploads.start')).toHaveLength(0);
  });

  it('sends only the accepted files of a mixed drop, and shows a refusal of the whole start', async () => {
    restore = stubDesktop();
    const { fake, user } = await renderApp(site());
    fake.respond('uploads.check', () => [accepted('/media/usb/a.tar.zst'), refused('/media/usb/gone.tar.zst', 'gone.tar.zst was not found.')]);
    fake.respond('uploads.start', () => {
      throw Object.assign(new Error('Nothing was uploaded. a.tar.zst was not found. Check that the drive is plugged in.'), { code: 'file-rejected' });
    });
    dropFiles(onCard('host-1'), [bundle('a.tar.zst'), bundle('gone.tar.zst')]);
    const dialog = await screen.findByRole('dialog', { name: 'Upload to host-1' });
    await user.click(await within(dialog).findByRole('button', { name: 'Upload 1 file' }));
    expect(fake.callsOf('uploads.start')).toEqual([{ hostId: 'edge-1', files: [{ path: '/media/usb/a.tar.zst' }] }]);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Nothing was uploaded. a.tar.zst was not found.');
    expect(screen.getByRole('dialog', { name: 'Upload to host-1' })).toBeInTheDocument();
  });

  it('refuses, without asking the core, a dropped file that has no path on disk', async () => {
    restore = stubDesktop({ 'from-web.tar.zst': '' });
    const { fake } = await renderApp(site());
    dropFiles(onCard('host-1'), [bundle('from-web.tar.zst')]);
    const dialog = await screen.findByRole('dialog', { name: 'Upload to host-1' });
    expect(within(dialog).getByText(/from-web\.tar\.zst does not come from a folder Fieldlink can read/)).toBeInTheDocument();
    expect(fake.callsOf('uploads.check')).toHaveLength(0);
    expect(within(dialog).getByRole('button', { name: 'Upload' })).toBeDisabled();
  });

  it('takes more files dropped on the open dialog for the same host', async () => {
    restore = stubDesktop();
    const { fake } = await renderApp(site());
    fake.respond('uploads.check', ({ paths }) => paths.map((p) => accepted(p)));
    dropFiles(onCard('host-1'), [bundle('a.tar.zst')]);
    const dialog = await screen.findByRole('dialog', { name: 'Upload to host-1' });
    await within(dialog).findByRole('button', { name: 'Upload 1 file' });
    expect(dropFiles(within(dialog).getByRole('button', { name: 'Add files…' }), [bundle('b.tar.zst')])).toBe(true);
    expect(await within(dialog).findByRole('button', { name: 'Upload 2 files' })).toBeInTheDocument();
    expect(fake.callsOf('uploads.check')).toEqual([{ paths: ['/media/usb/a.tar.zst'] }, { paths: ['/media/usb/b.tar.zst'] }]);
  });

  it('keeps a file dropped outside any card from replacing the console page', async () => {
    await renderApp(site());
    const dt = fileTransfer([bundle()]);
    // Not cancelling dragover would let the browser take the drop; cancelling it with dropEffect none refuses it.
    expect(fireEvent.dragOver(screen.getByRole('banner'), { dataTransfer: dt })).toBe(false);
    expect(dt.dropEffect).toBe('none');
    expect(fireEvent.drop(screen.getByRole('banner'), { dataTransfer: dt })).toBe(false);
    expect(useUploadsStore.getState().staging).toBeNull();
  });

  it('offers the system file picker from the card footer', async () => {
    restore = stubDesktop();
    const { fake, user } = await renderApp(site());
    fake.respond('uploads.check', ({ paths }) => paths.map((p) => accepted(p)));
    const footer = within(card('host-2')).getByRole('group', { name: 'Content upload on host-2' });
    expect(within(footer).getByRole('button', { name: 'Upload content to host-2' })).toBeInTheDocument();
    await user.upload(footer.querySelector<HTMLInputElement>('input[type=file]')!, [bundle('b.tar.zst')]);
    expect(fake.callsOf('uploads.check')).toEqual([{ paths: ['/media/usb/b.tar.zst'] }]);
    expect(await screen.findByRole('dialog', { name: 'Upload to host-2' })).toBeInTheDocument();
  });

  it('on a follower, points to its leader and can send there instead', async () => {
    restore = stubDesktop();
    const { fake, user } = await renderApp({ hosts: [leader('edge-1', Date.now()), host('edge-2', { role: 'follower', leaderId: 'edge-1' })] });
    fake.respond('uploads.check', ({ paths }) => paths.map((p) => accepted(p)));
    fake.respond('uploads.start', () => ({ taskIds: ['u1'] }));
    dropFiles(onCard('host-2'), [bundle('a.tar.zst')]);
    const dialog = await screen.findByRole('dialog', { name: 'Upload to host-2' });
    expect(within(dialog).getByText('host-2 is a follower of host-1')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Upload to host-1 instead' }));
    await screen.findByRole('dialog', { name: 'Upload to host-1' });
    await user.click(await screen.findByRole('button', { name: 'Upload 1 file' }));
    expect(fake.callsOf('uploads.start')).toEqual([{ hostId: 'edge-1', files: [{ path: '/media/usb/a.tar.zst' }] }]);
  });
});

describe('the file drop target and linking by drag', () => {
  it('lets the leader drag (our MIME type) through to the card: no overlay, no upload, the link flow runs', async () => {
    restore = stubDesktop();
    const { fake } = await renderApp(site());
    const token = screen.getByTestId('token-edge-1');
    const dt = dataTransfer();
    fireEvent.dragStart(token, { dataTransfer: dt });
    expect(dt.types).toEqual([LEADER_MIME]);
    // Over the leader's own card nobody takes it: the upload wrapper must not accept it either.
    fireEvent.dragEnter(onCard('host-1'), { dataTransfer: dt });
    expect(fireEvent.dragOver(onCard('host-1'), { dataTransfer: dt })).toBe(true);
    // Over a standalone host's content the drag passes through the wrapper to the card, which takes it.
    fireEvent.dragEnter(onCard('host-2'), { dataTransfer: dt });
    expect(fireEvent.dragOver(onCard('host-2'), { dataTransfer: dt })).toBe(false);
    expect(screen.queryByRole('status', { name: /Drop to upload/ })).toBeNull();
    fireEvent.drop(onCard('host-2'), { dataTransfer: dt });
    fireEvent.dragEnd(token, { dataTransfer: dt });

    expect(await screen.findByRole('dialog', { name: 'Link to leader' })).toBeInTheDocument();
    expect(fake.callsOf('link.preflight')).toEqual([{ leaderId: 'edge-1', followerIds: ['edge-2'] }]);
    expect(fake.callsOf('uploads.check')).toHaveLength(0);
    expect(useUploadsStore.getState().staging).toBeNull();
  });

  it('does not start a link from a file drop', async () => {
    restore = stubDesktop();
    const { fake } = await renderApp(site());
    fake.respond('uploads.check', ({ paths }) => paths.map((p) => accepted(p)));
    await act(async () => {
      dropFiles(onCard('host-2'), [bundle()]);
    });
    expect(fake.callsOf('link.preflight')).toHaveLength(0);
    expect(await screen.findByRole('dialog', { name: 'Upload to host-2' })).toBeInTheDocument();
  });
});

describe('dropping files on a group in the topology view', () => {
  it('sends them to the group leader, which syncs them to its followers', async () => {
    restore = stubDesktop();
    const follower = host('edge-2', { role: 'follower', leaderId: 'edge-1' });
    const { fake, user } = await renderApp({ hosts: [leader('edge-1', Date.now()), follower] });
    fake.respond('uploads.check', ({ paths }) => paths.map((p) => accepted(p)));
    await user.click(screen.getByRole('radio', { name: 'Topology' }));
    const group = screen.getByRole('region', { name: 'Group of host-1' });
    // Dropped on the follower's node, inside the group: the leader receives it.
    expect(dropFiles(within(group).getByRole('listitem', { name: /^host-2:/ }), [bundle('a.tar.zst')])).toBe(true);
    expect(await screen.findByRole('dialog', { name: 'Upload to host-1' })).toBeInTheDocument();
    expect(fake.callsOf('uploads.check')).toEqual([{ paths: ['/media/usb/a.tar.zst'] }]);
  });
});
