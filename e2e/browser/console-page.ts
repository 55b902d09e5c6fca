// The console as a technician sees it, for the end-to-end tests: every step goes through what is on screen
// (roles, labels, drag and drop), never through the api behind it.
import type { Locator, Page } from 'playwright-core';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const WAIT = 30_000;

export class ConsolePage {
  constructor(readonly page: Page) {}

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
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    await this.card(address).waitFor({ timeout: WAIT });
  }

  /** Trusts the certificate a card offers after checking it shows the expected fingerprint. */
  async trust(cardName: string, fingerprint: string): Promise<void> {
    const card = this.card(cardName);
    const shown = card.getByLabel(/Offered certificate fingerprint/);
    await shown.waitFor({ timeout: WAIT });
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
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
  }

  /** Waits until the card shows the host under its own name with the given role. */
  async waitForRole(name: string, role: 'leader' | 'follower' | 'standalone'): Promise<Locator> {
    const card = this.page.getByRole('group', { name: new RegExp(`^${escape(name)}, ${role}\\b`) });
    await card.waitFor({ timeout: WAIT });
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
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
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
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
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
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
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
