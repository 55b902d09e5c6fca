// What goes wrong on site, seen in the browser: wrong credentials, a host going down and coming back, and a host
// whose certificate changed (another machine answering at its address).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSite, type Site } from '../../simulator/site';
import { addAndTrust, PASSWORD, signIn, USER, WAIT } from './setup-site';
import { startStack, type Stack } from './stack';

let stack: Stack;
let names: string[];
let impostor: Site | null = null;

describe('trouble on site, in the browser', () => {
  beforeAll(async () => {
    stack = await startStack({ site: { hosts: 2, site: [{ name: 'trouble-1' }, { name: 'trouble-2' }] } });
    names = stack.site.hosts.map((h) => h.name);
    await addAndTrust(stack);
  });
  afterAll(async () => {
    await impostor?.stop();
    await stack?.close();
  });

  it('says when the credentials are wrong, and recovers when the right ones are entered', async () => {
    await signIn(stack, USER, 'not-the-password');
    for (const h of stack.site.hosts) {
      const card = stack.ui.card(`${h.address}:${h.port}`);
      await card.getByText('Sign-in failed').waitFor({ timeout: WAIT });
      await card.getByRole('button', { name: 'Enter site credentials' }).waitFor();
    }
    await signIn(stack, USER, PASSWORD);
    for (const name of names) await stack.ui.waitForRole(name, 'standalone');
  });

  it('shows a host going down as offline, and back when it returns', async () => {
    const [first] = stack.site.hosts;
    await first!.down();
    const offline = stack.page.getByRole('group', { name: new RegExp(`^${first!.name}, .*offline$`) });
    await offline.waitFor({ timeout: WAIT });
    await offline.getByText('Unreachable').waitFor();
    // The summary follows the card (it may be drawn a frame later): waited for, not read at once.
    await stack.page.getByRole('group', { name: 'Online: 1' }).waitFor({ timeout: WAIT });
    await first!.up();
    await stack.ui.waitForRole(first!.name, 'standalone');
    await stack.page.getByRole('group', { name: 'Online: 2' }).waitFor({ timeout: WAIT });
  });

  it('blocks a host whose certificate changed, and trusts the new one only on purpose', async () => {
    const second = stack.site.hosts[1]!;
    await second.down();
    // Another machine takes the address: same port, its own certificate.
    impostor = await startSite({ hosts: 1, basePort: second.port, mdnsInterface: false, site: [{ name: 'impostor' }] });
    const card = stack.page.getByRole('group', { name: new RegExp(`^${second.name},`) });
    const alert = card.getByRole('alert').filter({ hasText: 'Certificate changed' });
    await alert.waitFor({ timeout: WAIT });
    await alert.getByText(/another device pretending to be this host/).waitFor();
    await alert.getByRole('button', { name: `Trust the new certificate of ${second.name}` }).click();

    const dialog = stack.ui.dialog(`Trust the new certificate of ${second.name}?`);
    await dialog.getByText(impostor.hosts[0]!.fingerprint).waitFor();
    await dialog.getByText(second.fingerprint).waitFor();
    const trust = dialog.getByRole('button', { name: 'Trust the new certificate' });
    expect(await trust.isDisabled()).toBe(true);
    await dialog.getByRole('checkbox', { name: /I checked the new fingerprint/ }).check();
    await trust.click();
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    await card.getByRole('alert').filter({ hasText: 'Certificate changed' }).waitFor({ state: 'detached', timeout: WAIT });
    expect(stack.problems).toEqual([]);
  });
});
