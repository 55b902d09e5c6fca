import type { ConsoleApi } from '../../../../shared/contract';
import { attempt } from '../../ui/notify';
import { hostLabel } from '../../entities/hosts/hosts-store';

/** Pins the fingerprint the user looked at: the core refuses if the host now offers a different one. */
export async function trustCertificate(api: ConsoleApi, hostId: string, fingerprint: string): Promise<boolean> {
  // No notification on success: the card itself moves on (signing in), which says it better.
  const host = await attempt(`Could not trust the certificate of ${hostLabel(hostId)}`, () => api['certificates.trust']({ hostId, fingerprint }));
  return host !== undefined;
}
