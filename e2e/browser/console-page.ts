// The console as a technician sees it, for the end-to-end tests: every step goes through what is on screen
// (roles, labels, drag and drop), never through the api behind it.
import type { Locator, Page } from 'playwright-core';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const WAIT = 30_000;

export class ConsolePage {
  /** Everything the page printed as an error, and a crash, for a test to assert it stayed clean. */
  readonly problems: string[] = [];

  constructor(readonly page: Page) {
    page.on('pageerror', (e) => this.problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && this.problems.push(`console: ${m.text()}`));
    page.on('crash', () => this.problems.push('the page crashed'));
  }

  /** A host card by the name it shows (before sign-in that is its address:port). */
  card(name: string): Locator {
    return this.page.getByRole('group', { name: new RegExp(`^${escape(name)},`) });
  }

  dialog(name: string | RegExp): Locator {
    return this.page.getByRole('dialog', { name });
  }

  async addHost(address: string): Promise<void> {
    const empty = this.page.getByRole('button', { name: 'Add host by address' });
    if (await empty.count()) await empty.click();
    else {
      await this.page.getByRole('button', { name: 'Discovery' }).click();
      await this.page.getByRole('menuitem', { name: 'Add host by address…' }).click();
    }
    const dialog = this.dialog('Add host by address');
    await dialog.getByRole('textbox', { name: 'Address' }).fill(address);
    await dialog.getByRole('button', { name: 'Add host', exact: true }).click();
    await this.expectState(dialog, 'the Add host dialog', 'detached');
    await this.expectState(this.card(address), `the card of ${address}`);
  }

  /**
   * Waits for a locator to show (or to go); when it does not, the failure says what the screen showed instead (cards,
   * dialogs, notifications, page errors, whether frames still run), so a failure in CI can be read without a rerun.
   */
  async expectState(locator: Locator, what: string, state: 'visible' | 'detached' = 'visible'): Promise<void> {
    try {
      await locator.waitFor({ state, timeout: WAIT });
    } catch (err) {
      const verb = state === 'visible' ? 'did not show' : 'did not go away';
      // A page that crashed, closed or hangs cannot be read: that is then the news.
      const unread = (why: string) => `(unreadable: ${why}; page problems: ${JSON.stringify(this.problems)})`;
      const busy = new Promise<string>((resolve) =>
        setTimeout(() => resolve(unread('the page did not answer within 5 s, its main thread is busy')), 5000).unref(),
      );
      const screen = await Promise.race([this.onScreen().catch((e: unknown) => unread(String(e))), busy]);
      throw new Error(`${what} ${verb} within ${WAIT / 1000} s. On screen: ${screen}`, { cause: err });
    }
  }

  /** The cards, dialogs, notifications and connection banner on screen, by their accessible names and text. */
  async onScreen(): Promise<string> {
    const texts = (l: Locator) => l.evaluateAll((els) => els.map((el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 200)));
    return JSON.stringify({
      cards: await texts(this.page.locator('[data-host-card]')),
      placeholders: await this.page.locator('[data-card-placeholder]').count(),
      dialogs: await texts(this.page.getByRole('dialog')),
      notifications: await texts(this.page.locator('.mantine-Notification-root')),
      banner: await texts(this.page.locator('.fl-banner')),
      // The empty site's title says whether the page ever loaded the site from the core.
      main: await texts(this.page.locator('main')),
      problems: this.problems,
      // Cards mount and dialogs animate on animation frames: a page whose frames stopped looks frozen, not broken.
      frames: await this.page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            const timer = setTimeout(() => resolve('no animation frame within 1 s'), 1000);
            requestAnimationFrame(() => {
              clearTimeout(timer);
              resolve('running');
            });
          }),
      ),
    });
  }

  /** Trusts the certificate a card offers after checking it shows the expected fingerprint. */
  async trust(cardName: string, fingerprint: string): Promise<void> {
    const card = this.card(cardName);
    const shown = card.getByLabel(/Offered certificate fingerprint/);
    await this.expectState(shown, `the offered certificate on the card of ${cardName}`);
    const text = (await shown.textContent())?.trim();
    if (text !== fingerprint) throw new Error(`card ${cardName} offers ${text}, the host has ${fingerprint}`);
    await card.getByRole('button', { name: /^Trust certificate of / }).click();
  }

  async setSiteCredentials(username: string, password: string): Promise<void> {
    await this.page.getByRole('button', { name: /^(Site credentials|Site login: )/ }).click();
    const dialog = this.dialog('Site credentials');
    await dialog.getByRole('textbox', { name: 'Username' }).fill(username);
    await dialog.getByRole('textbox', { name: 'Password' }).fill(password);
    await dialog.getByRole('button', { name: 'Save for every host' }).click();
    await this.expectState(dialog, 'the Site credentials dialog', 'detached');
  }

  /** Waits until the card shows the host under its own name with the given role. */
  async waitForRole(name: string, role: 'leader' | 'follower' | 'standalone'): Promise<Locator> {
    const card = this.page.getByRole('group', { name: new RegExp(`^${escape(name)}, ${role}\\b`) });
    await this.expectState(card, `the card of ${name} as ${role}`);
    return card;
  }

  async makeLeader(name: string): Promise<void> {
    await this.card(name)
      .getByRole('button', { name: `Make leader (Generate token): ${name}` })
      .click();
    await this.waitForRole(name, 'leader');
  }

  token(leader: string): Locator {
    return this.card(leader).getByLabel(new RegExp(`^Token of ${escape(leader)}, `));
  }

  /** The preflight dialog: checks that every host passed, then starts the link. */
  async confirmLink(count: number): Promise<void> {
    const dialog = this.dialog('Link to leader');
    await dialog.getByRole('button', { name: `Link ${count} ${count === 1 ? 'host' : 'hosts'}` }).click({ timeout: WAIT });
    await this.expectState(dialog, 'the Link to leader dialog', 'detached');
  }

  /** Switches the view (Cards, Topology, List) by clicking the segment, as a user does. */
  async view(name: 'Cards' | 'Topology' | 'List'): Promise<void> {
    await this.page
      .getByRole('radiogroup', { name: 'View' })
      .locator('label')
      .filter({ hasText: new RegExp(`^${name}$`) })
      .click();
  }

  /** Sets the theme in Settings (a core setting, so it also survives a reload). */
  async theme(scheme: 'Light' | 'Dark' | 'Follow the system'): Promise<void> {
    await this.page.getByRole('button', { name: 'Settings' }).click();
    const dialog = this.dialog('Settings');
    await dialog
      .locator('label')
      .filter({ hasText: new RegExp(`^${scheme}$`) })
      .click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await this.expectState(dialog, 'the Settings dialog', 'detached');
    if (scheme !== 'Follow the system') {
      const want = scheme.toLowerCase();
      await this.page.waitForFunction((w) => document.documentElement.getAttribute('data-mantine-color-scheme') === w, want);
    }
  }

  peers(leader: string): Locator {
    return this.page.getByRole('table', { name: `Linked Edge Hosts of ${leader}` });
  }

  async peerNames(leader: string): Promise<string[]> {
    const table = this.peers(leader);
    if (!(await table.count())) return [];
    const cells = await table.locator('tbody tr td:first-child').allTextContents();
    return cells.map((c) => c.trim()).sort();
  }

  async confirm(button: string): Promise<void> {
    const dialog = this.page.getByRole('dialog').filter({ has: this.page.getByRole('button', { name: button, exact: true }) });
    await dialog.getByRole('button', { name: button, exact: true }).click();
    await this.expectState(dialog, `the confirmation after ${button}`, 'detached');
  }

  /** A notification by its text, as shown (the core's message is shown as given). */
  notification(text: string | RegExp): Locator {
    return this.page.locator('.mantine-Notification-root').filter({ hasText: text });
  }

  /** A screenshot of the window, without the notifications that happen to be up (they would hide cards). */
  async screenshot(file: string): Promise<void> {
    await this.page.mouse.move(0, 0);
    await this.page.screenshot({ path: file, fullPage: false, animations: 'disabled', style: '.mantine-Notifications-root { display: none !important; }' });
  }
}
