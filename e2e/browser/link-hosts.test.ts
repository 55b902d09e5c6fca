// link-hosts.md, done by clicking: make a leader, link followers by dragging its token and by a bulk selection,
// validate the leader's Linked Edge Hosts table, unlink from the leader and on a follower, and stop token
// generation (refused while followers remain, then allowed where the agent has a call for it). Screenshots of the
// main views along the way. Against both simulator profiles: `full` (the simulator's own agent, with the token-state
// extension) and `spec` (only the published API, like a real host: roles and tokens from link/status and
// generate-token, and no stop call, so the console sends the technician to the host's Local UI).
import { mkdirSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiProfileName } from '../../simulator/site';
import { readySite, WAIT } from './setup-site';
import { startStack, type Stack } from './stack';

const ARTIFACTS = 'e2e/artifacts';

const hasFocus = (target: Locator) => target.evaluate((el) => el === document.activeElement).catch(() => false);

describe.each(['full', 'spec'] as ApiProfileName[])('link-hosts.md in the browser (%s profile)', (profile) => {
  let stack: Stack;
  let leader: string, a: string, b: string, c: string, d: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Names that sort in this order, so the cards are in this order and a shift-click range is predictable.
    const names = ['site-1-leader', 'site-2', 'site-3', 'site-4', 'site-5'];
    stack = await startStack({ site: { hosts: names.length, site: names.map((name) => ({ name })), profile } });
    [leader, a, b, c, d] = (await readySite(stack)) as [string, string, string, string, string];
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('makes a host the leader: it generates tokens and shows the countdown', async () => {
    await stack.ui.makeLeader(leader);
    const token = stack.ui.token(leader);
    await token.waitFor({ timeout: WAIT });
    const seconds = Number(await token.getByRole('timer').textContent());
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(120);
    // Make leader was replaced by the leader's panel under the focus: the focus stays on the card, not the page's top.
    await expect.poll(() => hasFocus(stack.ui.card(leader)), { timeout: WAIT }).toBe(true);
  });

  it('links a follower by dragging the token onto its card, after the preflight', async () => {
    await stack.ui.token(leader).dragTo(stack.ui.card(a));
    const dialog = stack.ui.dialog('Link to leader');
    await dialog.getByRole('table', { name: 'Preflight results' }).waitFor({ timeout: WAIT });
    expect(await dialog.getByText('ready', { exact: true }).count()).toBe(1);
    await stack.ui.confirmLink(1);
    const card = await stack.ui.waitForRole(a, 'follower');
    await card.getByText(leader, { exact: true }).waitFor({ timeout: WAIT });
  });

  it('links two more by a bulk selection (shift-click) and Link to leader', async () => {
    await stack.ui
      .card(b)
      .getByRole('checkbox', { name: `Select ${b}` })
      .click();
    await stack.ui
      .card(c)
      .getByRole('checkbox', { name: `Select ${c}` })
      .click({ modifiers: ['Shift'] });
    await stack.page.getByText('2 selected').waitFor();
    await stack.page.getByRole('button', { name: 'Link to leader…' }).click();
    const dialog = stack.ui.dialog('Link to leader');
    await dialog.getByRole('radio', { name: leader }).check();
    await dialog.getByRole('button', { name: 'Check hosts' }).click();
    await stack.ui.confirmLink(2);
    await stack.ui.waitForRole(b, 'follower');
    await stack.ui.waitForRole(c, 'follower');
  });

  it("validates the leader's Linked Edge Hosts table", async () => {
    await expect.poll(() => stack.ui.peerNames(leader), { timeout: WAIT }).toEqual([a, b, c].sort());
    expect(await stack.ui.card(d).getAttribute('aria-label')).toMatch(new RegExp(`^${d}, standalone\\b`));
  });

  it('shows the site as cards, topology and list, in light and dark (screenshots kept in e2e/artifacts)', async () => {
    // The views do not depend on the agent's API: pictures of one profile are enough.
    if (profile !== 'full') return void console.log('screenshots: taken on the full profile only (same views)');
    try {
      for (const scheme of ['Light', 'Dark'] as const) {
        await stack.ui.theme(scheme);
        const suffix = scheme.toLowerCase();
        await stack.ui.view('Cards');
        await stack.ui.card(leader).waitFor();
        await stack.ui.screenshot(`${ARTIFACTS}/grid-${suffix}.png`);
        await stack.ui.view('Topology');
        await stack.page.getByRole('region', { name: `Group of ${leader}` }).waitFor();
        await stack.ui.screenshot(`${ARTIFACTS}/topology-${suffix}.png`);
        await stack.ui.view('List');
        await stack.page.getByRole('table', { name: 'Hosts' }).waitFor();
        await stack.ui.screenshot(`${ARTIFACTS}/list-${suffix}.png`);
      }
    } finally {
      await stack.ui.view('Cards');
      await stack.ui.theme('Light');
    }
  });

  it('unlinks a follower from the leader: the row menu, Unlink, Confirm', async () => {
    await stack.ui
      .peers(leader)
      .getByRole('button', { name: `Actions for linked host ${a}` })
      .click();
    await stack.page.getByRole('menuitem', { name: 'Unlink' }).click();
    await stack.ui.confirm('Unlink');
    await stack.ui.waitForRole(a, 'standalone');
    await expect.poll(() => stack.ui.peerNames(leader), { timeout: WAIT }).toEqual([b, c].sort());
  });

  it('unlinks on the follower itself', async () => {
    await stack.ui
      .card(b)
      .getByRole('button', { name: `Unlink ${b}` })
      .click();
    await stack.ui.confirm('Unlink');
    await stack.ui.waitForRole(b, 'standalone');
    // Its Unlink button went with the follower's panel: the focus is on its card, where the next Tab goes on from.
    await expect.poll(() => hasFocus(stack.ui.card(b)), { timeout: WAIT }).toBe(true);
    await expect.poll(() => stack.ui.peerNames(leader), { timeout: WAIT }).toEqual([c]);
  });

  it('does not let the technician stop token generation while a follower remains, saying why', async () => {
    await stack.ui
      .card(leader)
      .getByRole('button', { name: `Stop token generation on ${leader}` })
      .click();
    const dialog = stack.page.getByRole('dialog', { name: 'Stop token generation?' });
    await dialog.getByText(/still has 1 linked host/).waitFor({ timeout: WAIT });
    expect(await dialog.getByRole('button', { name: 'Stop token generation', exact: true }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    // By the role after the name: the name itself (site-1-leader) has the word in it.
    expect(await stack.ui.card(leader).getAttribute('aria-label')).toMatch(new RegExp(`^${leader}, leader\\b`));
  });

  it(
    profile === 'full'
      ? 'stops token generation once the last follower is unlinked'
      : 'sends the technician to the Local UI to stop token generation, claiming nothing',
    async () => {
      await stack.ui
        .peers(leader)
        .getByRole('button', { name: `Actions for linked host ${c}` })
        .click();
      await stack.page.getByRole('menuitem', { name: 'Unlink' }).click();
      await stack.ui.confirm('Unlink');
      await stack.ui.waitForRole(c, 'standalone');
      await stack.ui
        .card(leader)
        .getByRole('button', { name: `Stop token generation on ${leader}` })
        .click();
      await stack.ui.confirm('Stop token generation');
      if (profile === 'full') {
        await stack.ui.waitForRole(leader, 'standalone');
      } else {
        const host = stack.site.hosts.find((h) => h.name === leader)!;
        await stack.ui
          .notification(/has no call to stop token generation/)
          .filter({ hasText: host.url })
          .first()
          .waitFor({ timeout: WAIT });
        const state = (await (await fetch(`${host.admin}/state`)).json()) as { generatingTokens: boolean };
        expect(state.generatingTokens).toBe(true);
        // Its card does not claim the stop: it says the stop cannot be seen from here, and where to make it.
        await stack.ui
          .card(leader)
          .getByText(/cannot see whether token generation stopped/)
          .filter({ hasText: host.url })
          .waitFor({ timeout: WAIT });
      }
      expect(stack.problems).toEqual([]);
    },
  );
});
