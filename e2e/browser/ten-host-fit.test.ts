// Issue 13's "a 10-host site fits one 1440x900 screen", for arrangements other than 1 leader + 9 followers (that one
// is in site-in-five-actions.test.ts): 10 standalone hosts, 1 leader + 7 followers + 2 standalone hosts, and two
// leaders with 4 followers each. The hosts are linked through the console as a technician would (select, drag the
// leader's card onto the selection, confirm); then the Hosts region must end above the screen's bottom edge, with the
// cards in group order, no card's content cut off, and each group's outline around its own cards only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { PASSWORD, USER, WAIT } from './setup-site';
import { startStack, type Stack } from './stack';

const VIEWPORT = { width: 1440, height: 900 };
const names = Array.from({ length: 10 }, (_, i) => `site-${String(i + 1).padStart(2, '0')}`);

/** Adds the ten hosts by address, signs in once and trusts every certificate in one review. */
async function readyTen(stack: Stack): Promise<void> {
  const page = stack.page;
  await page.getByRole('button', { name: 'Add host by address' }).waitFor({ timeout: WAIT });
  for (const h of stack.site.hosts) await stack.ui.addHost(`${h.address}:${h.port}`);
  await stack.ui.setSiteCredentials(USER, PASSWORD);
  await page.getByRole('button', { name: /^Review \d+ new certificates?$/ }).click({ timeout: WAIT });
  const dialog = stack.ui.dialog('Review new certificates');
  await dialog.getByRole('button', { name: `Trust ${names.length} hosts` }).click({ timeout: WAIT });
  await dialog.waitFor({ state: 'detached', timeout: WAIT });
  for (const name of names) await stack.ui.waitForRole(name, 'standalone');
}

const select = (stack: Stack, name: string, shift = false) =>
  stack.ui
    .card(name)
    .getByRole('checkbox', { name: `Select ${name}` })
    .click({ modifiers: shift ? ['Shift'] : [], timeout: WAIT });

/** Selects `followers` (a run in card order), drags the standalone `leader`'s card onto them and confirms. */
async function linkGroup(stack: Stack, leader: string, followers: string[]): Promise<void> {
  await select(stack, followers[0]!);
  await select(stack, followers.at(-1)!, true);
  await stack.page.getByText(`${followers.length} selected`).waitFor({ timeout: WAIT });
  await stack.ui.card(leader).dragTo(stack.ui.card(followers[0]!), { timeout: WAIT });
  const dialog = stack.ui.dialog('Link to leader');
  await dialog.getByRole('button', { name: `Make leader and link ${followers.length} hosts` }).click({ timeout: WAIT });
  await dialog.waitFor({ state: 'detached', timeout: WAIT });
  for (const name of followers) await stack.ui.waitForRole(name, 'follower');
  await stack.ui.waitForRole(leader, 'leader');
  await expect.poll(() => stack.ui.peerNames(leader), { timeout: WAIT }).toEqual([...followers].sort());
  await stack.ui.card(leader).getByText(`${followers.length} of ${followers.length} linked`).waitFor({ timeout: WAIT });
}

async function cardOrder(page: Page): Promise<string[]> {
  return page.locator('[data-host-card]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')?.split(',')[0] ?? ''));
}

/** The bottom edge of the Hosts region, and of every card in it, in page pixels (the page is not scrolled). */
async function bottoms(page: Page, region: Locator): Promise<{ region: number; cards: number }> {
  const box = await region.boundingBox();
  const cards = await page.locator('[data-host-card]').evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().bottom)));
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBe(0);
  return { region: box!.y + box!.height, cards };
}

/** Cards whose content is cut off by the card's fixed height (a leader's table must show every follower). */
async function clipped(page: Page): Promise<string[]> {
  return page.locator('[data-host-card]').evaluateAll((els) =>
    els
      .filter((e) => {
        const body = e.querySelector<HTMLElement>('.fl-card-body');
        return e.scrollHeight > e.clientHeight + 1 || (body !== null && body.scrollHeight > body.clientHeight + 1);
      })
      .map((e) => e.getAttribute('aria-label')?.split(',')[0] ?? ''),
  );
}

async function expectFits(stack: Stack, expectedOrder: string[]): Promise<void> {
  const page = stack.page;
  const region = page.getByRole('region', { name: 'Hosts' });
  await expect.poll(() => cardOrder(page), { timeout: WAIT }).toEqual(expectedOrder);
  const b = await bottoms(page, region);
  console.log(`ten-host-fit: Hosts region bottom ${b.region.toFixed(0)} px, lowest card ${b.cards.toFixed(0)} px (screen ${VIEWPORT.height})`);
  expect(b.region).toBeLessThanOrEqual(VIEWPORT.height);
  expect(b.cards).toBeLessThanOrEqual(VIEWPORT.height);
  expect(await clipped(page)).toEqual([]);
  expect(stack.problems).toEqual([]);
}

/** Which cards each leader's outline surrounds: the cards whose centre lies in one of the group's outline cells. */
async function outlined(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const groups: Record<string, string[]> = {};
    const pieces = Array.from(document.querySelectorAll<HTMLElement>('[data-group-of]')).map((e) => ({
      leader: e.dataset.groupOf!,
      box: e.getBoundingClientRect(),
    }));
    for (const card of Array.from(document.querySelectorAll<HTMLElement>('[data-host-card]'))) {
      const b = card.getBoundingClientRect();
      const x = b.left + b.width / 2;
      const y = b.top + Math.min(b.height / 2, 100);
      const piece = pieces.find((p) => x >= p.box.left && x <= p.box.right && y >= p.box.top && y <= p.box.bottom);
      if (piece) (groups[piece.leader] ??= []).push(card.getAttribute('aria-label')!.split(',')[0]!);
    }
    return groups;
  });
}

/** Contrast of a group outline's line against the page background (WCAG relative luminance). */
async function outlineContrast(page: Page): Promise<number> {
  return page.evaluate(() => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = ([r, g, b]: number[]) =>
      [r!, g!, b!]
        .map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4))
        .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    const drawn = Array.from(document.querySelectorAll<HTMLElement>('[data-group-of]')).find((e) => getComputedStyle(e).borderTopWidth !== '0px')!;
    const line = lum(rgb(getComputedStyle(drawn).borderTopColor));
    const page = lum(rgb(getComputedStyle(document.body).backgroundColor));
    return (Math.max(line, page) + 0.05) / (Math.min(line, page) + 0.05);
  });
}

/** The ten hosts, started and made ready before a group's tests, stopped after them. */
function tenHostSite(): { stack: Stack } {
  const holder = {} as { stack: Stack };
  beforeAll(async () => {
    holder.stack = await startStack({ site: { hosts: names.length, site: names.map((name) => ({ name })) }, viewport: VIEWPORT });
    await readyTen(holder.stack);
  });
  afterAll(async () => {
    await holder.stack?.close();
  });
  return holder;
}

describe('a 10-host site of 1 leader + 7 followers + 2 standalone hosts fits 1440x900', () => {
  const ten = tenHostSite();

  it('fits before linking (10 standalone hosts)', async () => {
    await expectFits(ten.stack, names);
  });

  it('fits once linked: the leader, its followers, then the standalone hosts', async () => {
    const [leader, ...rest] = names as [string, ...string[]];
    await linkGroup(ten.stack, leader, rest.slice(0, 7));
    await expectFits(ten.stack, names);
    // The group reads as one: its outline holds the leader and its 7 followers, and not the 2 standalone hosts.
    const key = await ten.stack.ui.card(leader).getAttribute('data-host-card');
    expect(await outlined(ten.stack.page)).toEqual({ [key!]: names.slice(0, 8) });
  });

  it('shows every follower in the leader card on demand in detailed cards too, nothing cut off', async () => {
    const page = ten.stack.page;
    await page.getByRole('button', { name: 'Show detailed cards' }).click({ timeout: WAIT });
    await page.locator('[data-host-card][data-density="detailed"]').first().waitFor({ timeout: WAIT });
    expect(await ten.stack.ui.peerNames(names[0]!)).toEqual(names.slice(1, 8));
    expect(await clipped(page)).toEqual([]);
    await page.getByRole('button', { name: 'Show compact cards' }).click({ timeout: WAIT });
  });
});

describe('a 10-host site of 2 leaders with 4 followers each fits 1440x900', () => {
  const ten = tenHostSite();

  it('fits once linked: each leader with its followers right after it', async () => {
    await linkGroup(ten.stack, names[0]!, names.slice(1, 5));
    await linkGroup(ten.stack, names[5]!, names.slice(6, 10));
    await expectFits(ten.stack, names);
    const first = await ten.stack.ui.card(names[0]!).getAttribute('data-host-card');
    const second = await ten.stack.ui.card(names[5]!).getAttribute('data-host-card');
    expect(await outlined(ten.stack.page)).toEqual({ [first!]: names.slice(0, 5), [second!]: names.slice(5) });
  });

  it('draws the outlines so they can be seen in both themes (3:1 against the page, as for any meaningful graphic)', async () => {
    for (const scheme of ['Dark', 'Light'] as const) {
      await ten.stack.ui.theme(scheme);
      const ratio = await outlineContrast(ten.stack.page);
      console.log(`ten-host-fit: group outline contrast in ${scheme.toLowerCase()} theme ${ratio.toFixed(2)}:1`);
      expect(ratio).toBeGreaterThanOrEqual(3);
    }
  });
});
