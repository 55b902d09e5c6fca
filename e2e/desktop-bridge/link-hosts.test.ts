// link-hosts.md by clicks, with the console as the desktop app runs it: `window.fieldlink` is what the real preload
// leaves through contextBridge (deep-frozen, read-only), and the renderer reaches it only through its own client.
// With the Proxy wrapper of issue 9 back in renderer/src/bridge, the very first command fails and so does this.
// Then a file picked for upload: the preload registers its path with the real main-process gate, which lets that
// upload through and refuses a path nobody chose.
import { randomBytes } from 'node:crypto';
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNCHOSEN_PATH_MESSAGE } from '../../electron/shell/chosen-files';
import type { HostView } from '../../shared/contract';
import { readySite, WAIT } from '../browser/setup-site';
import { startDesktopStack, type DesktopStack } from './desktop-stack';
import { callThroughRendererClient } from './renderer-client';

let stack: DesktopStack;
let files: string;
let leader: string, follower: string, other: string;

describe('link-hosts.md through the desktop bridge (preload + contextBridge stand-in)', () => {
  beforeAll(async () => {
    const names = ['site-1-leader', 'site-2', 'site-3'];
    stack = await startDesktopStack({ hosts: names.length, site: names.map((name) => ({ name })) });
    files = await realpath(await mkdtemp(path.join(os.tmpdir(), 'fieldlink-desktop-pick-')));
  });
  afterAll(async () => {
    await stack?.close();
    if (files) await rm(files, { recursive: true, force: true });
  });

  it('gives the page a frozen window.fieldlink from the preload and no bridge secret', async () => {
    const shape = await stack.page.evaluate(() => {
      const descriptor = Object.getOwnPropertyDescriptor(window, 'fieldlink');
      const api = window.fieldlink as unknown as Record<string, unknown>;
      return {
        readOnly: descriptor?.writable === false && descriptor.configurable === false,
        frozen: Object.isFrozen(api),
        command: typeof api['hosts.list'],
        hash: location.hash,
      };
    });
    expect(shape).toEqual({ readOnly: true, frozen: true, command: 'function', hash: '' });
  });

  it('adds the hosts by address, trusts their certificates and signs in with the site credentials', async () => {
    [leader, follower, other] = (await readySite(stack)) as [string, string, string];
  });

  it('makes a host the leader', async () => {
    await stack.ui.makeLeader(leader);
    await stack.ui.token(leader).waitFor({ timeout: WAIT });
  });

  it('links a follower by dragging the token onto its card', async () => {
    await stack.ui.token(leader).dragTo(stack.ui.card(follower));
    const dialog = stack.ui.dialog('Link to leader');
    await dialog.getByRole('table', { name: 'Preflight results' }).waitFor({ timeout: WAIT });
    await stack.ui.confirmLink(1);
    await stack.ui.waitForRole(follower, 'follower');
  });

  it("validates the leader's Linked Edge Hosts table", async () => {
    await expect.poll(() => stack.ui.peerNames(leader), { timeout: WAIT }).toEqual([follower]);
    expect(await stack.ui.card(other).getAttribute('aria-label')).toMatch(new RegExp(`^${other}, standalone\\b`));
  });

  it("keeps an error's code and host id across the bridge, as the renderer's client sees it", async () => {
    const listed = await callThroughRendererClient(stack.page, 'hosts.list', {});
    const hosts = (listed.ok ? listed.data : []) as HostView[];
    const followerId = hosts.find((h) => h.name === follower)?.id;
    expect(followerId).toMatch(/^edge-/);
    // A follower generates no token: the core says so with the host's id.
    const refused = await callThroughRendererClient(stack.page, 'link.token', { hostId: followerId });
    expect(refused).toMatchObject({ ok: false, consoleError: true, name: 'ConsoleError', code: 'conflict', hostId: followerId });
    const invalid = await callThroughRendererClient(stack.page, 'hosts.pin', { hostId: '', pinned: true });
    expect(invalid).toMatchObject({ ok: false, consoleError: true, code: 'invalid-input' });
  });

  it('unlinks the follower from the leader', async () => {
    await stack.ui
      .peers(leader)
      .getByRole('button', { name: `Actions for linked host ${follower}` })
      .click();
    await stack.page.getByRole('menuitem', { name: 'Unlink' }).click();
    await stack.ui.confirm('Unlink');
    await stack.ui.waitForRole(follower, 'standalone');
  });

  it('stops token generation on the leader', async () => {
    await stack.ui
      .card(leader)
      .getByRole('button', { name: `Stop token generation on ${leader}` })
      .click();
    await stack.ui.confirm('Stop token generation');
    await stack.ui.waitForRole(leader, 'standalone');
    expect(stack.problems).toEqual([]);
  });

  it('uploads a picked file: the preload registers its path and the main-process gate lets it through', async () => {
    const name = 'content-desktop.tar.zst';
    const file = path.join(files, name);
    // A zstd frame header, then noise: what the core's check takes for a content bundle.
    await writeFile(file, Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), randomBytes(256 * 1024 - 4)]));
    // Where the picked File lives, as the operating system tells Electron's webUtils.
    await stack.page.evaluate(
      ([n, p]) => void ((window as unknown as { __fieldlinkPickedFilePaths: Record<string, string> }).__fieldlinkPickedFilePaths = { [n]: p }),
      [name, file] as const,
    );
    const chooser = stack.page.waitForEvent('filechooser');
    await stack.ui
      .card(other)
      .getByRole('button', { name: `Upload content to ${other}` })
      .click();
    await (await chooser).setFiles(file);
    const dialog = stack.ui.dialog(`Upload to ${other}`);
    await dialog.getByRole('button', { name: 'Upload 1 file' }).click({ timeout: WAIT });
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    await stack.ui
      .notification(/content-desktop/)
      .filter({ hasText: /uploaded|succeeded|done/i })
      .first()
      .waitFor({ timeout: 90_000 });
    // Picked, so never asked about.
    expect(stack.ipcMain.askedAbout).toEqual([]);
  });

  it('refuses a path the user did not choose, with the reason, after asking in the main process', async () => {
    const secret = path.join(files, 'id_ed25519');
    await writeFile(secret, 'not a bundle');
    const answer = await callThroughRendererClient(stack.page, 'uploads.check', { paths: [secret] });
    expect(answer).toMatchObject({ ok: false, consoleError: true, code: 'refused', message: UNCHOSEN_PATH_MESSAGE });
    expect(stack.ipcMain.askedAbout).toEqual([[secret]]);
    expect(stack.problems).toEqual([]);
  });
});
