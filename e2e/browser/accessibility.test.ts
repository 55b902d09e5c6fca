// axe-core on every main view and dialog of the browser console, in light and dark: no serious or critical
// violation. The site is 1 leader + 2 followers + 1 standalone host, so each view shows every kind of card.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readySite, WAIT } from './setup-site';
import { startStack, type Stack } from './stack';

// Evaluated through the DevTools protocol: the console's CSP (script-src 'self') rightly refuses an injected <script>.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

async function seriousViolations(stack: Stack, where: string): Promise<string[]> {
  if (!(await stack.page.evaluate(() => 'axe' in window))) await stack.page.evaluate(axeSource);
  // A notification or dialog still fading in has a blended colour that axe would measure mid-way: let every running
  // transition and animation end first.
  await stack.page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined /* cancelled: nothing to wait for */))));
  const violations = await stack.page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, html: n.html.slice(0, 160) })),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html}`).join(', ')}`);
}

/**
 * Waits until what axe will measure is what stays on screen: no tooltip left up (the pointer moved away), and every
 * dialog, menu and notification fully faded in. A fade only starts a frame after its element appears, so waiting
 * for running animations alone could look too early; the opacity cannot.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      !document.querySelector('.mantine-Tooltip-tooltip, [role="tooltip"]') &&
      [...document.querySelectorAll('[role="dialog"], [role="menu"], .mantine-Notification-root')]
        .filter((e) => e.getClientRects().length > 0) // a kept-mounted, closed one is not drawn
        .every((e) => getComputedStyle(e).opacity === '1'),
    null,
    { timeout: WAIT },
  );
}

describe('accessibility (axe-core)', () => {
  let stack: Stack;
  let leader: string, standalone: string;

  beforeAll(async () => {
    stack = await startStack({
      site: { hosts: 4, site: [{ name: 'a11y-1' }, { name: 'a11y-2' }, { name: 'a11y-3' }, { name: 'a11y-4' }] },
      viewport: { width: 1440, height: 900 },
    });
    const names = await readySite(stack);
    [leader, standalone] = [names[0]!, names[3]!];
    await stack.ui.card(leader).dragTo(stack.page.getByRole('button', { name: /^Select all Ready hosts/ }));
    const dialog = stack.ui.dialog('Link to leader');
    await dialog.getByRole('button', { name: /link 3 hosts/i }).waitFor({ timeout: WAIT });
    // Link only two: untick nothing in the dialog; cancel and link the first two by selection instead.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await stack.ui
      .card(names[1]!)
      .getByRole('checkbox', { name: `Select ${names[1]}` })
      .click();
    await stack.ui
      .card(names[2]!)
      .getByRole('checkbox', { name: `Select ${names[2]}` })
      .click();
    await stack.ui.card(leader).dragTo(stack.ui.card(names[1]!));
    await stack.ui
      .dialog('Link to leader')
      .getByRole('button', { name: /link 2 hosts/i })
      .click({ timeout: WAIT });
    await stack.ui.waitForRole(names[1]!, 'follower');
    await stack.ui.waitForRole(names[2]!, 'follower');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.each(['Light', 'Dark'] as const)('has no serious or critical violation on any view or dialog (%s)', async (scheme) => {
    const page = stack.page;
    const found: string[] = [];
    // The header's theme button, as a user switches (Settings holds the same choice).
    const want = scheme.toLowerCase();
    // Each click moves the button to the next choice; the next look waits for the label to change, so a slow render
    // is not clicked past the wanted theme.
    const button = page.getByRole('button', { name: /^Theme: / });
    for (let i = 0; i < 3; i++) {
      const label = await button.getAttribute('aria-label', { timeout: WAIT });
      if (label?.startsWith(`Theme: ${want}.`)) break;
      await button.click();
      await expect.poll(() => button.getAttribute('aria-label'), { timeout: WAIT }).not.toBe(label);
    }
    await page.waitForFunction((w) => document.documentElement.getAttribute('data-mantine-color-scheme') === w, want, { timeout: WAIT });
    // Checked once transitions settled and with the pointer parked away from any tooltip: axe measures contrast on
    // what is painted, and a half-faded dialog is not what the technician reads.
    const check = async (where: string) => {
      await page.mouse.move(1, 899);
      await settled(page);
      found.push(...(await seriousViolations(stack, `${scheme} ${where}`)));
    };

    await stack.ui.view('Cards');
    await stack.ui.card(leader).waitFor();
    await check('cards (compact)');
    await page.getByRole('button', { name: 'Show detailed cards' }).click();
    await check('cards (detailed)');
    await page.getByRole('button', { name: 'Show compact cards' }).click();

    await stack.ui.view('Topology');
    await page.locator('.react-flow__node').first().waitFor({ timeout: WAIT });
    await check('topology');
    await stack.ui.view('List');
    await page.getByRole('table', { name: 'Hosts' }).waitFor();
    await check('list');
    await stack.ui.view('Cards');

    const dialogs: [string, () => Promise<void>][] = [
      ['site credentials', () => page.getByRole('button', { name: /^(Site credentials|Site login: )/ }).click()],
      ['settings', () => page.getByRole('button', { name: 'Settings', exact: true }).click()],
      [
        'link to leader',
        () =>
          stack.ui
            .card(standalone)
            .getByRole('button', { name: `Link to leader: ${standalone}` })
            .click(),
      ],
      [
        'stop token (refused)',
        () =>
          stack.ui
            .card(leader)
            .getByRole('button', { name: `Stop token generation on ${leader}` })
            .click(),
      ],
      [
        'dissolve group',
        () =>
          stack.ui
            .card(leader)
            .getByRole('button', { name: `Dissolve group of ${leader}` })
            .click(),
      ],
      [
        'paste a token',
        () =>
          stack.ui
            .card(standalone)
            .getByRole('button', { name: `Link this device to another: ${standalone}` })
            .click(),
      ],
      [
        'upload by path',
        () =>
          stack.ui
            .card(standalone)
            .getByRole('button', { name: `Upload content to ${standalone}` })
            .click(),
      ],
      ['task centre', () => page.getByRole('button', { name: /^Tasks/ }).click()],
    ];
    for (const [name, open] of dialogs) {
      await open();
      await page.getByRole('dialog').first().waitFor({ timeout: WAIT });
      await check(`dialog: ${name}`);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').first().waitFor({ state: 'detached', timeout: WAIT });
    }
    await page.keyboard.press('Control+K');
    await page.getByRole('dialog').first().waitFor({ timeout: WAIT });
    await check('command palette');
    await page.keyboard.press('Escape');

    console.log(found.length ? found.join('\n') : `axe (${scheme}): 0 serious or critical violations on 4 views, 9 dialogs`);
    expect(found).toEqual([]);
  });
});
