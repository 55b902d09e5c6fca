// Linking one follower: POST link with the token, then follow its link status until Completed or Failed.
import { ConsoleError } from '../../../shared/errors';
import { paths } from '../../../shared/local-api/types';
import type { AgentClient } from '../agent/client';
import { answerError, hostMessage, neverSent } from '../agent/errors';
import { linkFacts, linkStatusSchema, type LinkFacts } from '../agent/schemas';
import { displayName, type HostEntry } from '../hosts/entry';
import type { HostResultHandle } from '../tasks/task-manager';
import { sleep } from '../util/limit';
import { isExpiredOtp } from './env';

const POLL_MS = 200;
const LINK_TIMEOUT_MS = 90_000;
/** Status reads that may fail in a row before the follower counts as lost. */
const MAX_POLL_FAILURES = 3;

export type LinkOutcome = { ok: true; facts: LinkFacts } | { ok: false; message: string; expiredOtp: boolean };

/** Sends the token and waits for the outcome; throws only for failures to talk to the follower. */
export async function linkWithToken(f: HostEntry, client: AgentClient, token: string, signal: AbortSignal, row: HostResultHandle): Promise<LinkOutcome> {
  row.running('Sending the token');
  const before = { status: f.link?.status ?? null, error: f.link?.errorMessage ?? null };
  let facts: LinkFacts;
  try {
    const answer = await client.request('POST', paths.link, { json: { token }, signal, userInitiated: true });
    if (answer.status < 200 || answer.status > 299) {
      const said = hostMessage(answer.body);
      if (isExpiredOtp(said)) return { ok: false, message: said ?? 'The token expired.', expiredOtp: true };
      throw answerError(answer.status, answer.body, client.labelInfo(), 'link to the leader');
    }
    facts = linkFacts(client.parse(answer, linkStatusSchema, 'link to the leader'), f.port);
  } catch (err) {
    // The connection broke or went silent after the token was sent: the follower may have it and be linking. Its
    // link status says; reporting "failed" for a host that links meanwhile would leave a group nobody sees.
    if (signal.aborted || !(err instanceof ConsoleError) || (err.code !== 'unreachable' && err.code !== 'timeout') || neverSent(err)) throw err;
    const after = await statusAfterLostAnswer(f, client, signal, row, before);
    if (!after) throw err;
    facts = after;
  }
  const deadline = Date.now() + LINK_TIMEOUT_MS;
  let failures = 0;
  while (facts.status !== 'Completed' && facts.status !== 'Failed') {
    row.detail(facts.status ?? 'Waiting');
    if (Date.now() > deadline) {
      throw new ConsoleError(
        'timeout',
        `${displayName(f)} did not finish linking within ${LINK_TIMEOUT_MS / 1000} s (last status ${facts.status ?? 'unknown'}). It may still finish: check it with fieldlink status or its card, and link it again if it shows Failed.`,
        f.key,
      );
    }
    await sleep(POLL_MS, signal);
    try {
      // The client's own 10 s per read: a host busy linking (or syncing a large bundle) may answer slowly.
      const status = await client.request('GET', paths.linkStatus, { signal, userInitiated: true });
      if (status.status !== 200) throw answerError(status.status, status.body, client.labelInfo(), 'show its link status');
      facts = linkFacts(client.parse(status, linkStatusSchema, 'show its link status'), f.port);
      failures = 0;
    } catch (err) {
      if (signal.aborted || !(err instanceof ConsoleError) || ++failures >= MAX_POLL_FAILURES) throw err;
      row.detail(`Waiting for ${displayName(f)} to answer (${failures} of ${MAX_POLL_FAILURES} reads missed)`);
    }
  }
  if (facts.status === 'Failed') {
    const message = facts.errorMessage ?? 'The follower reported that linking failed.';
    return { ok: false, message, expiredOtp: isExpiredOtp(message) };
  }
  return { ok: true, facts };
}

/**
 * The follower's link status after the answer to the token was lost: its facts when it shows an attempt under way
 * or ended (a Failed it showed already before is no news), null when it shows none or cannot be read.
 */
async function statusAfterLostAnswer(
  f: HostEntry,
  client: AgentClient,
  signal: AbortSignal,
  row: HostResultHandle,
  before: { status: string | null; error: string | null },
): Promise<LinkFacts | null> {
  for (let attempt = 1; attempt <= MAX_POLL_FAILURES; attempt++) {
    row.detail(`Connection lost: asking ${displayName(f)} whether it got the token`);
    await sleep(POLL_MS * attempt, signal);
    try {
      const status = await client.request('GET', paths.linkStatus, { signal, userInitiated: true });
      if (status.status === 404) return null;
      if (status.status !== 200) continue;
      const facts = linkFacts(client.parse(status, linkStatusSchema, 'show its link status'), f.port);
      if (facts.status === 'Pending' || facts.status === 'InProgress' || facts.status === 'Completed') return facts;
      // A Failed it showed before this token is no news, unless it now says something else.
      return facts.status === 'Failed' && (before.status !== 'Failed' || facts.errorMessage !== before.error) ? facts : null;
    } catch (err) {
      if (signal.aborted || !(err instanceof ConsoleError)) throw err;
      // A host that stays silent says nothing more by being asked again: the lost answer's error stands.
      if (err.code === 'timeout') return null;
    }
  }
  return null;
}
