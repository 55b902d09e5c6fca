import type { ConsoleApi } from '../../../../shared/contract';
import { attempt, notifyInfo } from '../../ui/notify';

export async function rescan(api: ConsoleApi): Promise<void> {
  const done = await attempt('Could not rescan', async () => {
    await api['discovery.rescan']({});
    return true;
  });
  if (done) notifyInfo('Rescanning', 'Fieldlink asks the network for hosts again; new ones appear as they answer.');
}

export async function addHost(api: ConsoleApi, address: string): Promise<boolean> {
  // The new card is the confirmation; a notification per added host would bury the ones that matter.
  const host = await attempt(`Could not add ${address}`, () => api['hosts.add']({ address }));
  return host !== undefined;
}

export async function probeRange(api: ConsoleApi, cidr: string, port?: number): Promise<boolean> {
  const started = await attempt(`Could not probe ${cidr}`, () => api['discovery.probe'](port ? { cidr, port } : { cidr }));
  return started !== undefined;
}
