// link-hosts.md by clicks, with the console as the desktop app runs it: `window.fieldlink` is what the real preload
// leaves through contextBridge (deep-frozen, read-only), and the renderer reaches it only through its own client.
// With the Proxy wrapper of issue 9 back in renderer/src/bridge, the very first command fails and so does this.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readySite, WAIT } from '../browser/setup-site';
import type { Stack } from '../browser/stack';
import { startDesktopStack } from './desktop-stack';

let stack: Stack;
let leader: string, follower: string, other: string;

describe('link-hosts.md through the desktop bridge (preload + contextBridge stand-in)', () => {
  beforeAll(async () => {
    const names = ['site-1-leader', 'site-2', 'site-3'];
    stack = await startDesktopStack({ hosts: names.length, site: names.map((name) => ({ name })) });
  });
  afterAll(async () => {
    await stack?.close();
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
    expect(await stack.ui.card(other).getAttribute('aria-label')).toMatch(/standalone/);
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
});
