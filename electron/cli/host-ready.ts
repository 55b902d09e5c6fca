// Before acting on a host the CLI makes sure the core can work with it now: logged in, certificate trusted. In the
// UI a person answers each of these states; here the flags do (--user/--password, --trust-new) or the line says
// what to do.
import type { HostView } from '../../shared/contract';
import { asHostFailure, HostFailure } from './failures';
import type { Session } from './session';
import { pollUntil } from './wait';

export interface ReadyOptions {
  /** Accept a certificate seen for the first time (never a changed one). */
  trustNew: boolean;
  /** How long a host may stay 'checking' before the CLI gives up on it. */
  timeoutMs: number;
  /** The view was read from the host a moment ago (it was just added): no second read first. */
  fresh?: boolean;
}

/** The host as the core sees it after a fresh read, with access 'ok', or a HostFailure saying why not. */
export async function readyHost(session: Session, host: HostView, options: ReadyOptions): Promise<HostView> {
  const label = host.name || host.address;
  let trusted = false;
  let view = options.fresh ? host : await refresh(session, host, label);
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    switch (view.access) {
      case 'ok':
        return view;
      case 'needs-trust': {
        const fingerprint = view.offeredFingerprint;
        if (!options.trustNew || !fingerprint) {
          throw new HostFailure(
            label,
            `its certificate is new to this console (SHA-256 fingerprint ${fingerprint ?? 'unknown'}). Check it against the host, then run again with --trust-new, naming the host by its address (ip:port).`,
            'certificate-unknown',
          );
        }
        if (trusted) throw new HostFailure(label, view.accessMessage ?? 'its certificate could not be trusted.', 'certificate-unknown');
        trusted = true;
        try {
          // The core reads the host (and logs in) as it trusts it: its answer is already the fresh view.
          view = await session.call('certificates.trust', { hostId: view.id, fingerprint });
        } catch (err) {
          throw asHostFailure(label, err);
        }
        continue;
      }
      case 'certificate-changed':
        // Never accepted from the command line: a changed certificate is exactly what an impostor looks like.
        throw new HostFailure(
          label,
          `${view.accessMessage ?? 'its certificate changed since it was trusted.'} New fingerprint: ${view.offeredFingerprint ?? 'unknown'}. If the host was reinstalled, trust it again in the Fieldlink app.`,
          'certificate-changed',
        );
      case 'needs-credentials':
        throw new HostFailure(
          label,
          'no user name and password to log in with: give --user and --password (or set FIELDLINK_USER and FIELDLINK_PASSWORD).',
          'needs-credentials',
        );
      case 'auth-failed':
        throw new HostFailure(label, view.accessMessage ?? 'the user name or password was refused.', 'auth-failed');
      case 'locked-out':
        throw new HostFailure(
          label,
          view.accessMessage ?? `too many failed logins: the host accepts a new try in ${view.retryAfterSec ?? 'a few'} s.`,
          'locked-out',
        );
      case 'unreachable':
        throw new HostFailure(label, view.accessMessage ?? 'the host does not answer.', 'unreachable');
      case 'checking': {
        const settled = await pollUntil(async () => {
          const next = await read(session, view, label);
          return next.access === 'checking' ? undefined : next;
        }, deadline - Date.now());
        if (!settled) throw new HostFailure(label, 'the host did not finish answering in time.', 'timeout');
        view = settled;
        continue;
      }
    }
  }
}

async function refresh(session: Session, host: HostView, label: string): Promise<HostView> {
  try {
    return await session.call('hosts.refresh', { hostId: host.id });
  } catch (err) {
    throw asHostFailure(label, err);
  }
}

async function read(session: Session, host: HostView, label: string): Promise<HostView> {
  try {
    return await session.call('hosts.get', { host: host.id });
  } catch (err) {
    throw asHostFailure(label, err);
  }
}
