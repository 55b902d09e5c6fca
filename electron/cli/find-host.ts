// HOST on the command line: a host id, a host name, or an address (ip:port or an https:// URL). Names and ids may
// need a moment of discovery; an address nobody knows yet is added by hand, as the UI's "add by address" does.
import type { HostView } from '../../shared/contract';
import { ConsoleError } from '../../shared/errors';
import { asHostFailure, HostFailure } from './failures';
import type { Session } from './session';
import { pollUntil } from './wait';

export function looksLikeAddress(ref: string): boolean {
  return /^https?:\/\//i.test(ref) || /^\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?$/.test(ref) || /^[a-z0-9.-]+:\d{1,5}$/i.test(ref);
}

export interface FindOptions {
  /** How long to wait for a name or id to show up through discovery. */
  timeoutMs: number;
}

/** The host `ref` names, or a HostFailure labelled with `ref`. */
export async function findHost(session: Session, ref: string, options: FindOptions): Promise<HostView> {
  return (await findOrAddHost(session, ref, options)).host;
}

/** Like findHost; `added` says the host was added by its address just now, so the view was read a moment ago. */
export async function findOrAddHost(session: Session, ref: string, options: FindOptions): Promise<{ host: HostView; added: boolean }> {
  const lookup = async (): Promise<HostView | undefined> => {
    try {
      return await session.call('hosts.get', { host: ref });
    } catch (err) {
      if (err instanceof ConsoleError && err.code === 'not-found') return undefined;
      throw asHostFailure(ref, err);
    }
  };
  const known = await lookup();
  if (known) return { host: known, added: false };
  if (looksLikeAddress(ref)) {
    try {
      return { host: await session.call('hosts.add', { address: ref }), added: true };
    } catch (err) {
      throw asHostFailure(ref, err);
    }
  }
  const found = await pollUntil(lookup, options.timeoutMs);
  if (found) return { host: found, added: false };
  const seconds = Math.round(options.timeoutMs / 1000);
  throw new HostFailure(
    ref,
    `no host with this name or id was found within ${seconds} s. Check the name with \`fieldlink hosts\`, or give its address (ip:port).`,
    'not-found',
  );
}
