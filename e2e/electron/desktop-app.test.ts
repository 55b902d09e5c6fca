// The desktop app end to end: the built main, preload and renderer in a real Electron, driven by Playwright, against
// a simulated site on 127.0.0.1 (mDNS pinned to loopback). Every step is a click in the console, so each call goes
// through the renderer's own client (renderer/src/bridge), then the real contextBridge, the real IPC sender check,
// the main process's file gate and the real core; nothing calls window.fieldlink directly (issue 9: a test that
// did hid a bridge that failed every command). Where no click shows it (an error's code and host id), the test
// calls through the renderer's own client (e2e/desktop-bridge/renderer-client.ts), as the UI does.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostView } from '../../shared/contract';
import { startSite, type Site } from '../../simulator/site';
import { ConsolePage, WAIT } from '../browser/console-page';
import { callThroughRendererClient } from '../desktop-bridge/renderer-client';
import { buildApp, electronE2eSkipReason, launchApp, type LaunchedApp } from './electron-app';

const HOSTS = 3;
const skipReason = electronE2eSkipReason();
if (skipReason) console.log(`Electron end-to-end tests skipped: ${skipReason}.`);

describe.skipIf(skipReason !== null)('the desktop app', () => {
  let site: Site;
  let launched: LaunchedApp;
  let ui: ConsolePage;
  let files: string;
  let leader: string, follower: string;

  beforeAll(async () => {
    await buildApp();
    site = await startSite({
      hosts: HOSTS,
      mdnsInterface: '127.0.0.1',
      user: 'kairos',
      password: 'kairos',
      site: [{ name: 'desk-1-leader' }, { name: 'desk-2' }, { name: 'desk-3' }],
    });
    launched = await launchApp({ FIELDLINK_MDNS_INTERFACE: '127.0.0.1', FIELDLINK_USER: 'kairos', FIELDLINK_PASSWORD: 'kairos' });
    ui = new ConsolePage(launched.page);
    files = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-e2e-drop-'));
    [leader, follower] = site.hosts.map((h) => h.name) as [string, string];
  });

  afterAll(async () => {
    await launched?.close();
    await site?.stop();
    if (files) await rm(files, { recursive: true, force: true });
  });

  describe('linking, by clicks', () => {
    it('finds every host of the site by mDNS and trusts each after checking its fingerprint', async () => {
      for (const h of site.hosts) {
        const address = `${h.address}:${h.port}`;
        await ui.card(address).or(ui.card(h.name)).first().waitFor({ timeout: WAIT });
        // Before sign-in a card shows its address, unless mDNS already told its name.
        await ui.trust((await ui.card(h.name).count()) ? h.name : address, h.fingerprint);
      }
      // The site credentials came from the environment: every host signs in and shows its own name.
      for (const h of site.hosts) await ui.waitForRole(h.name, 'standalone');
    });

    it('makes a leader, links a follower by dragging the token, and shows it in the leader table', async () => {
      await ui.makeLeader(leader);
      await ui.token(leader).dragTo(ui.card(follower));
      await ui.dialog('Link to leader').getByRole('table', { name: 'Preflight results' }).waitFor({ timeout: WAIT });
      await ui.confirmLink(1);
      await ui.waitForRole(follower, 'follower');
      await expect.poll(() => ui.peerNames(leader), { timeout: WAIT }).toEqual([follower]);
    });

    it("keeps an error's code and host id across the bridge, as the renderer's client sees it", async () => {
      const listed = await callThroughRendererClient(launched.page, 'hosts.list', {});
      const followerId = ((listed.ok ? listed.data : []) as HostView[]).find((h) => h.name === follower)?.id;
      expect(followerId).toMatch(/^edge-/);
      // A follower generates no token: the core says so with the host's id, and both survive contextBridge.
      const refused = await callThroughRendererClient(launched.page, 'link.token', { hostId: followerId });
      expect(refused).toMatchObject({ ok: false, consoleError: true, name: 'ConsoleError', code: 'conflict', hostId: followerId });
      const invalid = await callThroughRendererClient(launched.page, 'hosts.pin', { hostId: '', pinned: true });
      expect(invalid).toMatchObject({ ok: false, consoleError: true, code: 'invalid-input' });
    });

    it('unlinks the follower from the leader', async () => {
      await ui
        .peers(leader)
        .getByRole('button', { name: `Actions for linked host ${follower}` })
        .click();
      await launched.page.getByRole('menuitem', { name: 'Unlink' }).click();
      await ui.confirm('Unlink');
      await ui.waitForRole(follower, 'standalone');
    });

    it('stops token generation on the leader', async () => {
      await ui
        .card(leader)
        .getByRole('button', { name: `Stop token generation on ${leader}` })
        .click();
      await ui.confirm('Stop token generation');
      await ui.waitForRole(leader, 'standalone');
    });
  });

  describe('upload from the file picker', () => {
    it('uploads a picked file: the preload resolves its path and the main process accepts it as chosen', async () => {
      const page = launched.page;
      const file = path.join(files, 'content-e2e.tar.zst');
      await writeFile(file, Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), randomBytes(1024 * 1024 - 4)]));
      const chooser = page.waitForEvent('filechooser');
      await ui
        .card(leader)
        .getByRole('button', { name: `Upload content to ${leader}` })
        .click();
      await (await chooser).setFiles(file);
      const dialog = ui.dialog(`Upload to ${leader}`);
      await dialog.getByRole('button', { name: 'Upload 1 file' }).click({ timeout: WAIT });
      await dialog.waitFor({ state: 'detached', timeout: WAIT });
      await ui
        .notification(/content-e2e/)
        .filter({ hasText: /uploaded|succeeded|done/i })
        .first()
        .waitFor({ timeout: 90_000 });
    });
  });
});
