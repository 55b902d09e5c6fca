// Credentials go from the form straight to the core; only the returned status (never the password) is stored.
import type { ConsoleApi } from '../../../../shared/contract';
import { attempt, notifyInfo } from '../../ui/notify';
import { hostLabel } from '../../entities/hosts/hosts-store';
import { useCredentialsStore } from './credentials-store';

export async function setSiteCredentials(api: ConsoleApi, username: string, password: string): Promise<boolean> {
  const status = await attempt('Could not save the site credentials', () => api['credentials.setSite']({ username, password }));
  if (!status) return false;
  useCredentialsStore.getState().set(status);
  // Saved is not accepted: the hosts answer the sign-in afterwards, on their cards and in the header.
  notifyInfo(
    'Site credentials saved',
    `Fieldlink now signs in to every host as ${username} unless a host has its own. Each card says whether its host accepted them.`,
  );
  return true;
}

export async function setHostCredentials(api: ConsoleApi, hostId: string, username: string, password: string): Promise<boolean> {
  const status = await attempt(`Could not save the credentials for ${hostLabel(hostId)}`, () => api['credentials.setHost']({ hostId, username, password }));
  if (!status) return false;
  useCredentialsStore.getState().set(status);
  return true;
}

export async function clearHostCredentials(api: ConsoleApi, hostId: string): Promise<void> {
  const status = await attempt(`Could not clear the credentials of ${hostLabel(hostId)}`, () => api['credentials.clearHost']({ hostId }));
  if (status) useCredentialsStore.getState().set(status);
}
