// What the linking actions work with, and the small steps they share.
import type { SettingsView } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { hostLabel, type HostEntry } from '../hosts/entry';
import { MISSES_FOR_OFFLINE, type HostMonitor } from '../hosts/monitor';
import type { HostRegistry } from '../hosts/registry';
import { requireHost } from '../hosts/resolve';
import type { CoreLogger, SecretSet } from '../log';
import type { LeaderRecord } from '../store/leader-record';
import type { UnlinkChoice } from '../store/unlink-choice';
import type { TaskManager } from '../tasks/task-manager';
import { forEachLimited, sleep } from '../util/limit';

export interface LinkEnv {
  registry: HostRegistry;
  monitor: HostMonitor;
  tasks: TaskManager;
  settings(): SettingsView;
  secrets: SecretSet;
  logger: CoreLogger;
  /** The hosts this console made leader (see store/leader-record.ts). */
  leaders: LeaderRecord;
  /** Which id a follower's agent takes in unlink?peerId=, per agent version. */
  unlinkChoice: UnlinkChoice;
}

/** The entry a command names; re-resolved at run time, so a retry finds a host that was re-keyed meanwhile. */
export function entryFor(env: LinkEnv, ref: string): HostEntry {
  return requireHost(env.registry, ref);
}

/**
 * Reads a host's state afresh, as a person asked (so a login that failed before is tried once more). Returns the
 * failure instead of throwing: preflight turns it into a reason.
 */
export async function freshen(env: LinkEnv, e: HostEntry, signal?: AbortSignal): Promise<ConsoleError | null> {
  try {
    if (e.online !== true) {
      // One refused connection is not an offline host (an agent's web server restarting): asked again at short
      // intervals until the monitor's rule (several misses in a row, or 10 s of silence) decides.
      let alive = await env.monitor.ping(e);
      for (let tries = 1; !alive && e.online !== false && tries < MISSES_FOR_OFFLINE && !signal?.aborted; tries++) {
        await sleep(400, signal);
        alive = await env.monitor.ping(e);
      }
      if (!alive) {
        return new ConsoleError(
          'unreachable',
          e.offlineReason ?? `${hostLabel(e)} does not answer: check that it is on and on this network, then try again.`,
          e.key,
        );
      }
    }
    if (e.cert.verdict !== 'trusted') return null; // readiness() explains it
    await env.monitor.refresh(e, { full: true, userInitiated: true, signal });
    return null;
  } catch (err) {
    if (err instanceof ConsoleError) return err;
    throw err;
  }
}

/** Reads are small and cheap for a host; a large selection is checked quickly without flooding anyone. */
const FRESHEN_CONCURRENCY = 16;

export async function freshenAll(env: LinkEnv, entries: HostEntry[], signal?: AbortSignal): Promise<Map<HostEntry, ConsoleError | null>> {
  const out = new Map<HostEntry, ConsoleError | null>();
  await forEachLimited(entries, FRESHEN_CONCURRENCY, async (e) => void out.set(e, await freshen(env, e, signal)), signal);
  return out;
}

/** The follower's agent reported an OTP that expired between our read of the token and its use. */
export function isExpiredOtp(message: string | null | undefined): boolean {
  return !!message && /expired/i.test(message) && /one-time|otp|token/i.test(message);
}
