// Linking without the console reaching the leader for the follower: Copy the leader's token, then paste it under
// "Link this device to another" on the follower, as on the Local UI (link-hosts.md, steps 4 to 9). Against both
// simulator profiles: the spec profile's tokens are in another format, without a port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProfileName } from '../../simulator/site';
import { readySite, WAIT } from './setup-site';
import { startStack, type Stack } from './stack';

describe.each(['full', 'spec'] as ApiProfileName[])('copy-and-paste linking in the browser (%s profile)', (profile) => {
  let stack: Stack;
  let leader: string, follower: string;

  beforeAll(async () => {
    stack = await startStack({ site: { hosts: 2, site: [{ name: 'paste-1-leader' }, { name: 'paste-2' }], profile } });
    [leader, follower] = (await readySite(stack)) as [string, string];
    await stack.ui.makeLeader(leader);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('copies the token to the clipboard, pastes it on the follower, and the follower joins', async () => {
    await stack.ui
      .card(leader)
      .getByRole('button', { name: `Copy token of ${leader}` })
      .click();
    await stack.ui.notification(`Token of ${leader} copied`).waitFor({ timeout: WAIT });
    const token = await stack.page.evaluate(() => navigator.clipboard.readText());
    expect(token.length).toBeGreaterThan(8);
    // The token is never shown on the page.
    expect(await stack.page.content()).not.toContain(token);

    await stack.ui
      .card(follower)
      .getByRole('button', { name: `Link this device to another: ${follower}` })
      .click();
    const dialog = stack.ui.dialog(`Link ${follower} to another device`);
    await dialog.getByRole('textbox', { name: 'Token' }).focus();
    await stack.page.keyboard.press('Control+V');
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Token' }).inputValue(), { timeout: WAIT }).toBe(token);
    // Enter in the token box confirms, as a keyboard user expects (the Confirm button is the unit tests' path).
    await stack.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    // The dialog took the focus with it: it is back on the button that opened it, or on the follower's card.
    await expect.poll(() => stack.ui.card(follower).evaluate((el) => el.contains(document.activeElement)), { timeout: WAIT }).toBe(true);

    await stack.ui.waitForRole(follower, 'follower');
    await expect.poll(() => stack.ui.peerNames(leader), { timeout: WAIT }).toEqual([follower]);
    expect(stack.problems).toEqual([]);
  });
});
