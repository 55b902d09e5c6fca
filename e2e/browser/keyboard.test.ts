// link-hosts.md by keyboard only: Tab, Shift+Tab, Enter, Space, arrow keys, typing and the Ctrl+K palette; the
// mouse is never pressed. Every control is reached by tabbing from where the focus is, so a control the Tab order
// skips, or a dialog that loses or traps the focus, fails the step that needs it. Adding the hosts by address is
// the setup (discovery finds them on a real site) and is done as in the other tests.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, USER, WAIT } from './setup-site';
import { startStack, type Stack } from './stack';

/** The most Tab presses to reach a control: the whole page of 4 cards has fewer stops than this. */
const MAX_TABS = 250;

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false);

/** Presses Tab (or Shift+Tab) until the target has the focus; fails with what had it instead. */
async function tabTo(page: Page, target: Locator, backwards = false): Promise<void> {
  await target.waitFor({ timeout: WAIT });
  for (let i = 0; i < MAX_TABS; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  const where = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing');
  throw new Error(`${MAX_TABS} presses of Tab never reached ${String(target)}; the focus is on ${where}`);
}

/** Waits until the focus is inside the locator (a dialog taking the focus when it opens). */
async function focusInside(target: Locator): Promise<void> {
  await target.waitFor({ timeout: WAIT });
  await expect.poll(() => isFocused(target), { timeout: WAIT }).toBe(true);
}

describe('link-hosts.md by keyboard only', () => {
  let stack: Stack;
  const names = ['kb-1-leader', 'kb-2', 'kb-3', 'kb-4'];
  const [leader, a, b] = names as [string, string, string, string];

  beforeAll(async () => {
    stack = await startStack({ site: { hosts: names.length, site: names.map((name) => ({ name })), profile: 'full' } });
    await stack.page.getByRole('button', { name: 'Add host by address' }).waitFor({ timeout: WAIT });
    for (const h of stack.site.hosts) await stack.ui.addHost(`${h.address}:${h.port}`);
    // Start from a page nobody has clicked in: the focus on the document, as after a load.
    await stack.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('enters the site credentials: Tab to the button, Enter, type, Tab, type, Enter', async () => {
    const page = stack.page;
    await tabTo(page, page.getByRole('button', { name: /^(Site credentials|Site login: )/ }));
    await page.keyboard.press('Enter');
    const dialog = stack.ui.dialog('Site credentials');
    await focusInside(dialog);
    await tabTo(page, dialog.getByRole('textbox', { name: 'Username' }));
    await page.keyboard.type(USER);
    await tabTo(page, dialog.getByRole('textbox', { name: 'Password' }));
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
  });

  it('reviews and trusts the new certificates', async () => {
    const page = stack.page;
    await tabTo(page, page.getByRole('button', { name: /^Review \d+ new certificates?$/ }));
    await page.keyboard.press('Enter');
    const dialog = stack.ui.dialog('Review new certificates');
    await focusInside(dialog);
    for (const h of stack.site.hosts) {
      const shown = dialog.getByLabel(new RegExp(`^Fingerprint of (${h.name}|${h.address.replace(/\./g, '\\.')}:${h.port})$`));
      expect((await shown.textContent({ timeout: WAIT }))?.replace(/\s+/g, '')).toBe(h.fingerprint);
    }
    await tabTo(page, dialog.getByRole('button', { name: `Trust ${names.length} hosts` }));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    for (const name of names) await stack.ui.waitForRole(name, 'standalone');
  });

  it('selects two cards with Space and links them with the palette, making the leader on the way', async () => {
    const page = stack.page;
    for (const name of [a, b]) {
      await tabTo(page, stack.ui.card(name));
      await page.keyboard.press('Space');
    }
    await page.getByText('2 selected').waitFor({ timeout: WAIT });
    await page.keyboard.press('Control+K');
    const search = page.getByRole('textbox', { name: 'Search actions' });
    await focusInside(search);
    await page.keyboard.type('Link selected');
    await page.keyboard.press('Enter');
    const dialog = stack.ui.dialog('Link to leader');
    await focusInside(dialog);
    // The leader is a radio group: Tab into it, arrows to the host, then on to Check hosts.
    const choice = dialog.getByRole('radio', { name: `${leader} (becomes the leader)` });
    await tabTo(page, dialog.getByRole('radio').first());
    for (let i = 0; i < names.length && !(await choice.isChecked()); i++) await page.keyboard.press('ArrowDown');
    expect(await choice.isChecked()).toBe(true);
    await tabTo(page, dialog.getByRole('button', { name: 'Check hosts' }));
    await page.keyboard.press('Enter');
    const confirm = dialog.getByRole('button', { name: 'Make leader and link 2 hosts' });
    await confirm.waitFor({ timeout: WAIT });
    // The check replaces the button that had the focus: the focus must stay in the dialog, on the confirmation.
    await focusInside(confirm);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    await stack.ui.waitForRole(a, 'follower');
    await stack.ui.waitForRole(b, 'follower');
    await stack.ui.waitForRole(leader, 'leader');
  });

  it("shows the leader's Linked Edge Hosts table", async () => {
    await expect.poll(() => stack.ui.peerNames(leader), { timeout: WAIT }).toEqual([a, b].sort());
  });

  it("unlinks one follower from the leader's table: row menu by Enter, arrow to Unlink, confirm", async () => {
    const page = stack.page;
    await tabTo(page, stack.ui.peers(leader).getByRole('button', { name: `Actions for linked host ${a}` }));
    await page.keyboard.press('Enter');
    // The menu takes the focus a moment after it is drawn (its focus trap moves in on the next frame): arrow keys
    // pressed before then reach the page, not the menu. So: wait for the menu to hold the focus, then one ArrowDown
    // moves it to the first (and only) item, Unlink, and the focus is waited for there too.
    const menu = page.getByRole('menu').filter({ has: page.getByRole('menuitem', { name: 'Unlink' }) });
    await focusInside(menu);
    const item = menu.getByRole('menuitem', { name: 'Unlink' });
    // On a loaded machine the menu may still drop an early key: pressed again until Unlink holds the focus (the
    // only item, so a second press cannot move past it).
    await expect
      .poll(
        async () => {
          if (!(await isFocused(item))) await page.keyboard.press('ArrowDown');
          return isFocused(item);
        },
        { timeout: WAIT },
      )
      .toBe(true);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: 'Unlink', exact: true }) });
    await focusInside(dialog);
    await tabTo(page, dialog.getByRole('button', { name: 'Unlink', exact: true }));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    await stack.ui.waitForRole(a, 'standalone');
    await expect.poll(() => stack.ui.peerNames(leader), { timeout: WAIT }).toEqual([b]);
  });

  it('unlinks the last follower on its own card, then stops token generation', async () => {
    const page = stack.page;
    await tabTo(page, stack.ui.card(b).getByRole('button', { name: `Unlink ${b}` }));
    await page.keyboard.press('Enter');
    let dialog = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: 'Unlink', exact: true }) });
    await focusInside(dialog);
    await tabTo(page, dialog.getByRole('button', { name: 'Unlink', exact: true }));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    await stack.ui.waitForRole(b, 'standalone');
    // The leader learns of it on its next status: stopping is refused while its table still lists a follower.
    await expect.poll(() => stack.ui.peerNames(leader), { timeout: WAIT }).toEqual([]);

    await tabTo(page, stack.ui.card(leader).getByRole('button', { name: `Stop token generation on ${leader}` }));
    await page.keyboard.press('Enter');
    dialog = page.getByRole('dialog', { name: 'Stop token generation?' });
    await focusInside(dialog);
    await tabTo(page, dialog.getByRole('button', { name: 'Stop token generation', exact: true }));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    await stack.ui.waitForRole(leader, 'standalone');
    expect(stack.problems).toEqual([]);
  });
});
