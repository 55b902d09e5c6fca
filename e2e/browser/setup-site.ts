// The steps every browser test starts with: add the site's hosts by address, check and trust each certificate,
// enter the site credentials, and wait until every card shows its host under its own name.
import type { Stack } from './stack';
import { WAIT } from './console-page';

export const USER = 'kairos';
export const PASSWORD = 'kairos';

export async function addAndTrust(stack: Stack): Promise<void> {
  for (const h of stack.site.hosts) await stack.ui.addHost(`${h.address}:${h.port}`);
  for (const h of stack.site.hosts) await stack.ui.trust(`${h.address}:${h.port}`, h.fingerprint);
}

export async function signIn(stack: Stack, username = USER, password = PASSWORD): Promise<void> {
  await stack.ui.setSiteCredentials(username, password);
}

export async function readySite(stack: Stack): Promise<string[]> {
  await addAndTrust(stack);
  await signIn(stack);
  const names = stack.site.hosts.map((h) => h.name);
  for (const name of names) await stack.ui.waitForRole(name, 'standalone');
  return names;
}

export { WAIT };
