// The linking steps of link-hosts.md, each as one function the cards, the menus and the command palette share.
import { createElement as h } from 'react';
import type { ConsoleApi } from '../../../../shared/contract';
import { confirm } from '../../ui/confirm-store';
import { attempt } from '../../ui/notify';
import { getHost, hostLabel } from '../dashboard/hosts-store';

export async function makeLeader(api: ConsoleApi, hostId: string): Promise<void> {
  await attempt(`Could not make ${hostLabel(hostId)} the leader`, () => api['link.makeLeader']({ hostId }));
}

export async function stopToken(api: ConsoleApi, hostId: string): Promise<void> {
  const host = getHost(hostId);
  const followers = host?.peers.length ?? 0;
  const ok = await confirm({
    title: 'Stop token generation?',
    body: h(
      'div',
      null,
      h('p', null, `${hostLabel(hostId)} stops generating link tokens and is no longer a leader; it can then be linked to another host as a follower.`),
      followers > 0 ? h('p', null, `It still has ${followers} linked ${followers === 1 ? 'host' : 'hosts'}: the host refuses until every follower is unlinked.`) : null,
    ),
    confirmLabel: 'Stop token generation',
    danger: true,
  });
  if (!ok) return;
  await attempt(`Could not stop token generation on ${hostLabel(hostId)}`, () => api['link.stopToken']({ hostId }));
}

/** Unlink a follower, either through its leader (the leader's table) or on the follower itself. */
export async function unlink(api: ConsoleApi, followerId: string, fromLeader: boolean, followerName?: string, leaderId?: string | null): Promise<void> {
  const name = followerName ?? hostLabel(followerId);
  const leader = leaderId ?? getHost(followerId)?.leaderId ?? null;
  const ok = await confirm({
    title: `Unlink ${name}?`,
    body: h(
      'p',
      null,
      leader
        ? `${name} leaves the group of ${hostLabel(leader)} and returns to standalone, ready to be linked again. A host in use by a cluster cannot be unlinked.`
        : `${name} leaves its group and returns to standalone, ready to be linked again. A host in use by a cluster cannot be unlinked.`,
    ),
    confirmLabel: 'Unlink',
    danger: true,
  });
  if (!ok) return;
  await attempt(`Could not unlink ${name}`, () => api['link.unlink']({ hostId: followerId, fromLeader }));
}

export async function linkWithToken(api: ConsoleApi, hostId: string, token: string): Promise<boolean> {
  const started = await attempt(`Could not link ${hostLabel(hostId)}`, () => api['link.withToken']({ hostId, token }));
  return started !== undefined;
}
