// The shared router must know which host a request came in on; the listener tags it here.
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { SimHost } from '../host/sim-host';

/**
 * One router serves every host of a site; each host's HTTPS listener tags its requests with the host they are for.
 * A WeakMap keeps the tag off the request object and off Fastify's types.
 */
const hosts = new WeakMap<IncomingMessage, SimHost>();

export function tagRequest(req: IncomingMessage, host: SimHost): void {
  hosts.set(req, host);
}

export function hostOf(request: FastifyRequest): SimHost {
  const host = hosts.get(request.raw);
  if (!host) throw new Error('request did not come through a simulated host');
  return host;
}
