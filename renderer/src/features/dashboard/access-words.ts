// Why the console cannot work with a host, in a technician's words (never the raw code, e.g. "NEEDS-TRUST").
import type { HostAccess } from '../../../../shared/contract';

const words: Record<HostAccess, string> = {
  ok: 'signed in',
  'needs-credentials': 'needs credentials',
  'auth-failed': 'sign-in failed',
  'locked-out': 'locked out',
  'needs-trust': 'certificate to check',
  'certificate-changed': 'certificate changed',
  unreachable: 'unreachable',
  checking: 'checking',
};

export function accessWord(access: HostAccess): string {
  return words[access] ?? access;
}
