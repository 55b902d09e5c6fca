import type { ConsoleApi } from '../../../../shared/contract';
import { attempt, notifyInfo } from '../../ui/notify';
import { hostLabel } from '../dashboard/hosts-store';

/** Pins the fingerprint the user looked at: the core refuses if the host now offers a different one. */
export async function trustCertificate(api: ConsoleApi, hostId: string, fingerprint: string): Promise<boolean> {
  const host = await attempt(`Could not trust the certificate of ${hostLabel(hostId)}`, () => api['certificates.trust']({ hostId, fingerprint }));
  if (host) notifyInfo('Certificate trusted', `${host.name || host.id}: Fieldlink now accepts only this certificate from it.`, 'green');
  return host !== undefined;
}
