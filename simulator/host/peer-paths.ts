// The host-to-host paths, named once for the client and the routes.
/**
 * Simulator-internal host-to-host paths. They are not part of the Local Management API: a real agent links and
 * syncs through its own internal channels. Only simulated hosts call them, over HTTPS with the peer's certificate
 * pinned. `join` is authenticated by the leader's one-time password; every other path by the link group's shared
 * secret (headers `x-sim-group`, `x-sim-peer-id`, `x-sim-peer-secret`).
 */
export const PEER_PATHS = {
  /** Follower -> leader (or a control-plane node of a cluster): join the group with the token's OTP. */
  join: '/v1/sim/peer/join',
  /** Leader -> follower, every heartbeat interval: health, host info, content hash, newer group copy if any. */
  heartbeat: '/v1/sim/peer/heartbeat',
  /** Any member -> members: a new version of the group (roster, leader, cluster). Removed members learn it too. */
  group: '/v1/sim/peer/group',
  /** Follower -> leader when it comes back up: am I still linked, and is my address still right? */
  checkIn: '/v1/sim/peer/check-in',
  /** Follower -> leader: the follower unlinked itself. */
  leave: '/v1/sim/peer/leave',
  /** Acting leader -> member: the uploaded file, streamed as application/octet-stream. */
  content: '/v1/sim/peer/content',
} as const;

export const PEER_PREFIX = '/v1/sim/peer/';

/** Answer code of a member that is not (or no longer) in the caller's group: the caller drops it, or leaves. */
export const NOT_MEMBER = 'NotMember';
/** Answer code of a host that is joining a group right now, so a heartbeat racing the join does not undo it. */
export const JOINING = 'Joining';
