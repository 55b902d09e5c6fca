// What every command gets: the session on the core, the outputs, and host lookup with the common flags applied.
import type { HostView } from '../../shared/contract';
import { asHostFailure, type FailureLog } from './failures';
import { findOrAddHost } from './find-host';
import { readyHost } from './host-ready';
import type { Out } from './output';
import type { Session } from './session';
import type { TaskFollower } from './tasks';

export interface CliContext {
  session: Session;
  out: Out;
  failures: FailureLog;
  tasks: TaskFollower;
  json: boolean;
  trustNew: boolean;
  /** How long a command waits for a host named on the command line to be discovered. */
  findTimeoutMs: number;
  /** How long a host may take to log in and answer before a command gives up on it. */
  readyTimeoutMs: number;
}

/** The host `ref` names, logged in and trusted, ready for an action. Throws a HostFailure otherwise. */
export async function resolveHost(ctx: CliContext, ref: string): Promise<HostView> {
  try {
    const { host, added } = await findOrAddHost(ctx.session, ref, { timeoutMs: ctx.findTimeoutMs });
    return await readyHost(ctx.session, host, { trustNew: ctx.trustNew, timeoutMs: ctx.readyTimeoutMs, fresh: added });
  } catch (err) {
    throw asHostFailure(ref, err);
  }
}

/** Like resolveHost for several refs at once; the failures are logged and left out of the answer. */
export async function resolveHosts(ctx: CliContext, refs: readonly string[]): Promise<Map<string, HostView>> {
  const found = new Map<string, HostView>();
  await Promise.all(
    refs.map(async (ref) => {
      try {
        found.set(ref, await resolveHost(ctx, ref));
      } catch (err) {
        ctx.failures.add(asHostFailure(ref, err));
      }
    }),
  );
  return found;
}
