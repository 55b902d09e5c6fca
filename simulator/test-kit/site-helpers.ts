// Small steps most simulator tests need: a fast test site, logged-in clients, linking, waiting for a state.
import { setTimeout as sleep } from 'node:timers/promises';
import { paths, type V1LinkStatus, type V1LinkToken } from '../../shared/local-api/types';
import { startSite, type Site, type StartSiteOptions } from '../site';
import { ApiClient } from './client';

/** Test defaults: fast heartbeats and transitions, no mDNS unless a test asks for it. */
export async function testSite(options: Partial<StartSiteOptions> & { hosts: number }): Promise<Site> {
  return startSite({
    mdnsInterface: false,
    heartbeatSec: 1,
    clusterTransitionMs: 400,
    linkStepMs: 100,
    loginDelayBaseMs: 100,
    ...options,
  });
}

export async function clientsFor(site: Site): Promise<ApiClient[]> {
  return Promise.all(site.hosts.map((h) => new ApiClient(h).login()));
}

/** Polls until `check` returns a value (not undefined), or fails with the last value seen. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

/** A token with at least `minSeconds` of validity left (a fresh one may be about to rotate). */
export async function freshToken(leader: ApiClient, minSeconds = 2): Promise<string> {
  for (;;) {
    const res = await leader.post<V1LinkToken>(paths.generateToken);
    if (res.status !== 200) throw new Error(`generate-token: ${res.status} ${res.rawBody}`);
    if ((res.body.remainingTime ?? 0) >= minSeconds) return res.body.token as string;
    await sleep(((res.body.remainingTime ?? 0) + 0.2) * 1000);
  }
}

/** Links a follower to a leader and waits for both sides to see the link. */
export async function link(leader: ApiClient, follower: ApiClient): Promise<void> {
  const token = await freshToken(leader);
  const res = await follower.post<V1LinkStatus>(paths.link, { json: { token } });
  if (res.status !== 200) throw new Error(`link: ${res.status} ${res.rawBody}`);
  await waitLinkStatus(follower, 'Completed');
}

export async function waitLinkStatus(client: ApiClient, status: 'Completed' | 'Failed'): Promise<V1LinkStatus> {
  const body = await waitFor(`link status ${status} on ${client.host.name}`, async () => {
    const res = await client.get<V1LinkStatus>(paths.linkStatus);
    const word = res.status === 200 ? res.body.status : undefined;
    return word === status || word === 'Failed' || word === 'Completed' ? res.body : undefined;
  });
  if (body.status !== status) throw new Error(`link ended ${body.status} instead of ${status}: ${body.errorMessage ?? ''}`);
  return body;
}

/** The token-state extension's answer: whether the host generates tokens (never a 404 for "not generating"). */
export async function generating(client: ApiClient): Promise<boolean> {
  const res = await client.get<{ generating: boolean }>(paths.linkToken);
  if (res.status !== 200) throw new Error(`GET link/token on ${client.host.name}: ${res.status} ${res.rawBody}`);
  return res.body.generating;
}

export function decodeToken(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>;
}
