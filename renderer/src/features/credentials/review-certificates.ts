// Which hosts a bulk certificate review lists, and the one call that trusts the ticked ones. Only certificates seen
// for the first time are listed: a changed certificate is never part of a bulk trust (it has its own dialog, with
// both fingerprints and an explicit acknowledgement).
import type { BulkTrustResult, ConsoleApi, HostView } from '../../../../shared/contract';
import { attempt } from '../../ui/notify';

export interface ReviewRow {
  hostId: string;
  name: string;
  address: string;
  /** Exactly what the technician is shown; the core refuses the host if it now offers another. */
  fingerprint: string;
}

export function newCertificates(hosts: Iterable<HostView>): ReviewRow[] {
  const rows: ReviewRow[] = [];
  for (const h of hosts) {
    if (h.access !== 'needs-trust' || !h.offeredFingerprint) continue;
    rows.push({ hostId: h.id, name: h.name || h.id, address: `${h.address}:${h.port}`, fingerprint: h.offeredFingerprint });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name) || a.address.localeCompare(b.address));
}

export function changedCertificates(hosts: Iterable<HostView>): number {
  let n = 0;
  for (const h of hosts) if (h.access === 'certificate-changed') n++;
  return n;
}

export async function trustReviewed(api: ConsoleApi, rows: ReviewRow[]): Promise<BulkTrustResult[] | undefined> {
  return attempt('Could not trust the certificates', () =>
    api['certificates.trustMany']({ hosts: rows.map((r) => ({ hostId: r.hostId, fingerprint: r.fingerprint })) }),
  );
}
