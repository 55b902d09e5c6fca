// Simulated hosts link and sync for real over HTTPS; these are the host-to-host paths they use, never the console.
import { timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../host/errors';
import type { HeartbeatReply } from '../host/heartbeat';
import { hostInfoSchema, joinRequestSchema, type JoinReply } from '../host/linking';
import { JOINING, NOT_MEMBER, PEER_PATHS } from '../host/peer-paths';
import { groupSchema, type GroupMember } from '../host/persistence';
import type { SimHost } from '../host/sim-host';
import { hostOf } from './request-host';
import type { RouteConfig } from './route-config';

const heartbeatBody = z.object({
  version: z.number().int(),
  info: hostInfoSchema,
  snapshot: groupSchema.optional(),
});
const groupBody = z.object({ snapshot: groupSchema });
const checkInBody = z.object({
  version: z.number().int(),
  address: z.string(),
  port: z.number().int(),
  contentSha256: z.string().nullable(),
});

/** The simulator's host-to-host paths (see host/peer-paths.ts); never used by the console. */
export function peerRoutes(app: FastifyInstance): void {
  const peer: { config: RouteConfig } = { config: { access: 'peer' } };

  app.post(PEER_PATHS.join, { config: { access: 'otp' } satisfies RouteConfig }, async (request): Promise<JoinReply> =>
    hostOf(request).linking.onJoin(joinRequestSchema.parse(request.body)),
  );

  app.post(PEER_PATHS.heartbeat, peer, async (request): Promise<HeartbeatReply> => {
    const host = hostOf(request);
    const from = authenticatePeer(host, request);
    return host.heartbeats.onHeartbeat(from, heartbeatBody.parse(request.body));
  });

  app.post(PEER_PATHS.group, peer, async (request) => {
    const host = hostOf(request);
    authenticatePeer(host, request);
    host.group.onGroup(groupBody.parse(request.body).snapshot);
    return { version: host.state.group?.version ?? 0 };
  });

  app.post(PEER_PATHS.checkIn, peer, async (request) => {
    const host = hostOf(request);
    const from = authenticatePeer(host, request);
    return host.heartbeats.onCheckIn(from, checkInBody.parse(request.body));
  });

  app.post(PEER_PATHS.leave, peer, async (request) => {
    const host = hostOf(request);
    const from = authenticatePeer(host, request);
    await host.group.onLeave(from);
    return { message: `${from.name} left the group` };
  });

  app.put(PEER_PATHS.content, peer, async (request) => {
    const host = hostOf(request);
    const from = authenticatePeer(host, request);
    return host.content.receive(from, request.body as Readable, request.headers);
  });
}

/** A member of this host's link group, proved by the group's shared secret. */
function authenticatePeer(host: SimHost, request: FastifyRequest): GroupMember {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : '';
  };
  const group = host.state.group;
  if (!group || group.id !== header('x-sim-group')) {
    if (host.linking.isJoining()) throw new ApiError(503, JOINING, `${host.name} is joining a link group right now`);
    throw new ApiError(409, NOT_MEMBER, `${host.name} is not a member of that link group`);
  }
  const given = Buffer.from(header('x-sim-peer-secret'));
  const expected = Buffer.from(group.secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ApiError(401, 'Unauthorized', 'Wrong link group secret');
  }
  const member = group.members.find((m) => m.id === header('x-sim-peer-id'));
  if (!member) throw new ApiError(409, NOT_MEMBER, 'The caller is not a member of this link group');
  return member;
}
