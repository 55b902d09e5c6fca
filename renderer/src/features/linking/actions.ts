// The linking steps of link-hosts.md, each as one function the cards, the menus and the command palette share.
import { createElement as h } from 'react';
import type { ConsoleApi } from '../../../../shared/contract';
import { confirm, confirmFollowing } from '../../ui/confirm-store';
import { attempt } from '../../ui/notify';
import { getHost, hostLabel, useHostsStore, type HostsState } from '../../entities/hosts/hosts-store';

export async function makeLeader(api: ConsoleApi, hostId: string): Promise<void> {
  await attempt(`Could not make ${hostLabel(hostId)} the leader`, () => api['link.makeLeader']({ hostId }));
}

/** What the Stop question says while the leader still lists `followers` linked hosts. */
function stopTokenWords(hostId: string, followers: number) {
  return {
    body: h(
      'div',
      null,
      h('p', null, `${hostLabel(hostId)} stops generating link tokens and is no longer a leader; it can then be linked to another host as a follower.`),
      // The published API has no call for it (only the simulator's extension has): say so before, not only after, and
      // only where the host has not shown that it has the call.
      getHost(hostId)?.token?.support === 'ok'
        ? null
        : h(
            'p',
            null,
            `Where the host's API has no call to stop token generation, Fieldlink says so and gives the address of the host's Local UI, where its Stop token generation button does it.`,
          ),
      followers > 0
        ? h(
            'p',
            null,
            `It still has ${followers} linked ${followers === 1 ? 'host' : 'hosts'}: the host refuses until every follower is unlinked. Dissolve group unlinks them and then stops the token.`,
          )
        : null,
    ),
    blocked: followers > 0 ? `Unlink ${followers === 1 ? 'its follower' : `its ${followers} followers`} first (or use Dissolve group).` : null,
  };
}

export async function stopToken(api: ConsoleApi, hostId: string): Promise<void> {
  const followersOf = (s: HostsState) => s.byId[hostId]?.peers.length ?? 0;
  let shown = followersOf(useHostsStore.getState());
  // The leader's table may still list a follower unlinked on its own card a moment ago: the question follows it.
  const ok = await confirmFollowing(
    { title: 'Stop token generation?', confirmLabel: 'Stop token generation', danger: true, ...stopTokenWords(hostId, shown) },
    (update) =>
      useHostsStore.subscribe((s) => {
        const now = followersOf(s);
        if (now === shown) return;
        shown = now;
        update(stopTokenWords(hostId, now));
      }),
  );
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

/** Unlink a selection of followers in one task, each through its leader, with a row per host. */
export async function unlinkMany(api: ConsoleApi, hostIds: string[]): Promise<boolean> {
  const followers = hostIds.filter((id) => getHost(id)?.role === 'follower');
  if (followers.length === 0) return false;
  const names = followers.slice(0, 3).map(hostLabel).join(', ') + (followers.length > 3 ? ` and ${followers.length - 3} more` : '');
  const ok = await confirm({
    title: `Unlink ${followers.length === 1 ? hostLabel(followers[0]!) : `${followers.length} hosts`}?`,
    body: h(
      'p',
      null,
      `${names} leave their group and return to standalone, ready to be linked again. A host in use by a cluster is refused and stays linked.`,
    ),
    confirmLabel: followers.length === 1 ? 'Unlink' : `Unlink ${followers.length} hosts`,
    danger: true,
  });
  if (!ok) return false;
  return (await attempt(`Could not unlink ${followers.length} hosts`, () => api['link.unlinkMany']({ hostIds: followers }))) !== undefined;
}

/** Unlink every follower of a leader, then stop its token generation where the host allows it. */
export async function dissolveGroup(api: ConsoleApi, leaderId: string): Promise<boolean> {
  const leader = getHost(leaderId);
  const followers = leader?.peers.length ?? 0;
  const ok = await confirm({
    title: `Dissolve group of ${hostLabel(leaderId)}?`,
    body: h(
      'p',
      null,
      `${followers === 0 ? 'It has no linked host.' : `Its ${followers === 1 ? 'follower is' : `${followers} followers are`} unlinked and return to standalone.`} Then ${hostLabel(leaderId)} stops generating tokens, where its agent allows it. A host in use by a cluster is refused and keeps the group.`,
    ),
    confirmLabel: 'Dissolve group',
    danger: true,
  });
  if (!ok) return false;
  return (await attempt(`Could not dissolve the group of ${hostLabel(leaderId)}`, () => api['link.dissolve']({ leaderId }))) !== undefined;
}
