// Leadership: make a host leader (the only place generate-token is called on a host not known to lead, on a user's
// request), read its token with the countdown (never starting anything), and stop token generation (only through
// the token-state extension: the published API has no call for it, so without the extension the technician is
// sent to the host's Local UI and nothing is claimed).
import type { CoreContext } from '../context';
import type { CommandOutput } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { paths } from '../../../shared/local-api/types';
import { answerError, hostMessage } from '../agent/errors';
import { leaderFromToken } from '../discovery/token-address';
import { displayName, type HostEntry } from '../hosts/entry';
import { knownLeader, tokenStateFrom } from '../hosts/refresh';
import type { TaskSpec } from '../tasks/task-manager';
import { endpointUrl } from '../util/address';
import { entryFor, freshen } from './env';
import { leaderReasons, readiness, readinessError } from './preflight';
import { generateToken, readToken } from './token-source';

export function makeLeaderTask(ctx: CoreContext, ref: string): TaskSpec {
  const e = entryFor(ctx, ref);
  return {
    kind: 'make-leader',
    title: `Make ${displayName(e)} the leader`,
    hosts: [{ hostId: e.key, name: displayName(e) }],
    retry: () => makeLeaderTask(ctx, e.key),
    run: async (task) => {
      const row = task.host(e.key);
      task.phase('Checking the host');
      const failure = await freshen(ctx, e, task.signal);
      const reasons = leaderReasons(e, failure);
      if (reasons.length) return row.refuse(reasons.join(' '));
      if (knownLeader(e, ctx.leaders)) return row.succeed(`${displayName(e)} is already the leader (it generates link tokens).`);
      task.phase('Starting token generation');
      row.running();
      try {
        const token = await generateToken(ctx.entries.clientFor(e), task.signal, (s) => ctx.redact(s));
        if (e.confirmedId) ctx.leaders.add(e.confirmedId);
        ctx.entries.update(e, { token: tokenStateFrom(e.token, token) });
        row.succeed(`${displayName(e)} is now the leader; its token is valid for ${token.remainingSec} s.`);
      } catch (err) {
        row.fail(err);
      }
      // A background re-read for the card: its failure shows on the host itself (offline, refused), not on the task.
      void ctx.entries.refresh(e, { full: true }).catch(() => undefined);
    },
  };
}

/** One sentence: the host's API cannot do it, and where the technician can. */
export function noStopCallMessage(e: HostEntry): string {
  return `The API of ${displayName(e)} has no call to stop token generation, so Fieldlink cannot do it; stop it in the host's Local UI (Linked Edge Hosts, Stop token generation) at ${endpointUrl(e)}`;
}

/** link.token: the current token and its seconds left. Never starts leadership. */
export async function currentToken(ctx: CoreContext, ref: string): Promise<CommandOutput<'link.token'>> {
  const e = entryFor(ctx, ref);
  const failure = await freshen(ctx, e);
  const problem = readinessError(e, failure);
  if (problem) throw problem;
  const read = await readToken(
    e,
    ctx.entries.clientFor(e),
    ctx.leaders,
    undefined,
    (s) => ctx.redact(s),
    (caps) => ctx.entries.update(e, { caps }),
  );
  if (read.kind === 'not-generating') {
    throw new ConsoleError('conflict', `${displayName(e)} is not generating link tokens. Make it the leader first.`, e.key);
  }
  if (read.kind === 'unknown') {
    throw new ConsoleError(
      'conflict',
      `${displayName(e)} is not known to be a leader, and its agent has no call that shows a token without starting token generation. Make it the leader first.`,
      e.key,
    );
  }
  const leader = leaderFromToken(read.token.token);
  ctx.entries.update(e, { token: tokenStateFrom(e.token, read.token) });
  return {
    token: read.token.token,
    remainingSec: read.token.remainingSec,
    intervalSec: read.token.intervalSec,
    leaderAddress: leader ? (leader.portGiven ? `${leader.address}:${leader.port}` : leader.address) : null,
  };
}

/**
 * The technician was sent to the host's Local UI to stop token generation (its API has no call for it): Fieldlink no
 * longer counts on the host leading (it would otherwise read its token with generate-token, which would start
 * leadership again once stopped there), and its card says that the stop is not seen rather than reporting it done.
 */
export function handStopToLocalUi(ctx: CoreContext, e: HostEntry): void {
  if (e.confirmedId) ctx.leaders.remove(e.confirmedId);
  ctx.entries.update(e, { token: { generating: false, remainingSec: 0, intervalSec: 0, readAt: Date.now(), support: 'unsupported', stopUnconfirmed: true } });
}

export function stopTokenTask(ctx: CoreContext, ref: string): TaskSpec {
  const e = entryFor(ctx, ref);
  const stopped = () => {
    if (e.confirmedId) ctx.leaders.remove(e.confirmedId);
    ctx.entries.update(e, {
      token: { generating: false, remainingSec: 0, intervalSec: 0, readAt: Date.now(), support: e.caps.tokenExtension === false ? 'unsupported' : 'ok' },
    });
  };
  const noCall = () => {
    // Learned here too when the token-state read looked like the extension but the stop is missing (404 on DELETE).
    ctx.entries.update(e, { caps: { tokenExtension: false } });
    handStopToLocalUi(ctx, e);
    return new ConsoleError('unsupported', noStopCallMessage(e), e.key);
  };
  return {
    kind: 'stop-token',
    title: `Stop token generation on ${displayName(e)}`,
    hosts: [{ hostId: e.key, name: displayName(e) }],
    retry: () => stopTokenTask(ctx, e.key),
    run: async (task) => {
      const row = task.host(e.key);
      task.phase('Checking the host');
      const failure = await freshen(ctx, e, task.signal);
      const reasons = readiness(e, failure);
      const followers = (e.link?.peers ?? []).filter((p) => p.role === 'follower' && p.id !== e.confirmedId).length;
      if (!reasons.length && followers > 0) {
        reasons.push(`${displayName(e)} still leads ${followers} linked host(s): unlink them before stopping token generation.`);
      }
      if (reasons.length) return row.refuse(reasons.join(' '));
      // Only the extension's DELETE can stop it, and only an agent that answered like the extension is sent one (an
      // agent that serves a page for any path would answer 200 to a DELETE too, and nothing would have stopped).
      if (e.caps.tokenExtension === false) return row.fail(noCall());
      if (e.caps.tokenExtension !== true) {
        // 'refused', not 'unsupported': once the host answers that read, a Retry can stop it.
        return row.fail(
          new ConsoleError(
            'refused',
            `${displayName(e)} did not answer Fieldlink's token-state read, so Fieldlink cannot tell whether its API can stop token generation: try again in a moment, or stop it in the host's Local UI at ${endpointUrl(e)}`,
            e.key,
          ),
        );
      }
      task.phase('Stopping token generation');
      row.running();
      try {
        const client = ctx.entries.clientFor(e);
        const answer = await client.request('DELETE', paths.linkToken, { signal: task.signal, userInitiated: true });
        if (answer.status === 409) {
          row.refuse(`${displayName(e)} refused: ${hostMessage(answer.body) ?? 'it still has linked hosts or a cluster.'}`);
        } else if (answer.status === 404 || answer.status === 405 || answer.status === 501) {
          // The extension answers 200 when the host was not generating: a 404 here means the agent lacks the call.
          row.fail(noCall());
        } else if (answer.status < 200 || answer.status > 299) {
          row.fail(answerError(answer.status, answer.body, client.labelInfo(), 'stop token generation'));
        } else {
          stopped();
          row.succeed(hostMessage(answer.body) ?? 'Token generation stopped.');
        }
      } catch (err) {
        row.fail(err);
      }
      // A background re-read for the card: its failure shows on the host itself (offline, refused), not on the task.
      void ctx.entries.refresh(e, { full: true }).catch(() => undefined);
    },
  };
}
