// One Fastify router serves every host of a site: faults, sessions and profile rules are applied here, once, before
// any route runs, and every error leaves as a v1Error.
import { setTimeout as sleep } from 'node:timers/promises';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { z, ZodError } from 'zod';
import type { V1Error } from '../../shared/local-api/types';
import { ApiError } from '../host/errors';
import { resetRequestBodyAfter, resetResponseBodyAfter } from '../host/faults';
import { authRoutes } from './auth-routes';
import { clusterRoutes } from './cluster-routes';
import { contentRoutes } from './content-routes';
import { hostRoutes } from './host-routes';
import { linkRoutes } from './link-routes';
import { peerRoutes } from './peer-routes';
import { hostOf } from './request-host';
import type { RouteConfig } from './route-config';
import { unsimulatedRoutes } from './unsimulated';

const STATUS_CODES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
};

function noSuchPath(method: string, url: string): ApiError {
  return new ApiError(404, 'NotFound', `No such path: ${method} ${url.split('?')[0]}`);
}

/**
 * The Local Management API of a simulated host, one instance for the whole site: every host's HTTPS listener
 * hands its requests to `app.routing`, tagged with the host (request-host.ts). A hundred hosts then share one
 * router instead of building a hundred.
 */
export async function buildApi(log: (message: string) => void): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

  // Multi-GB bundles are normal: no size limit, and handlers stream every file part to disk.
  await app.register(multipart, { limits: { fileSize: Infinity, files: 4, fields: 20, parts: 30 } });

  // Clients often POST actions with no body (generate-token, logout...): an empty JSON body is no body, not an error.
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    // The default parser answers through done(); what it returns carries nothing more.
    void defaultJson(request, text, done);
  });
  // Peer content sync streams the raw file; the handler reads it.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  app.addHook('onRequest', async (request, reply) => {
    const host = hostOf(request);
    const faults = host.faults.get();
    if (faults.resetAfterBytes !== null) {
      resetRequestBodyAfter(request.raw, faults.resetAfterBytes);
      resetResponseBodyAfter(reply.raw, faults.resetAfterBytes);
    }
    if (faults.latencyMs > 0) await sleep(faults.latencyMs, undefined, { signal: host.signal });
    if (host.faults.shouldFail()) {
      throw new ApiError(faults.errorStatus, 'SimulatedFault', `Simulated error: ${host.name} is set to fail ${faults.errorRate * 100}% of requests`);
    }
    const route = request.routeOptions.config as RouteConfig | undefined;
    const spec = host.config.api.name === 'spec' ? route?.spec : undefined;
    if (spec?.absent) throw noSuchPath(request.method, request.url);
    const access = spec?.access ?? route?.access ?? 'session';
    if (request.is404 || access !== 'session') return;
    host.auth.verify(request.headers.authorization);
  });

  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    if (err instanceof ApiError) return reply.code(err.status).headers(err.headers).send(err.body());
    if (err instanceof ZodError) {
      return reply.code(400).send({ code: 'BadRequest', message: `The request is not valid: ${z.prettifyError(err)}` } satisfies V1Error);
    }
    const status = (err as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({ code: STATUS_CODES[status] ?? 'BadRequest', message: err.message } satisfies V1Error);
    }
    if (!request.raw.socket.destroyed) log(`${request.method} ${request.url} failed: ${err.stack ?? err.message}`);
    return reply.code(500).send({ code: 'InternalError', message: `The simulated host failed: ${err.message}` } satisfies V1Error);
  });

  app.setNotFoundHandler((request, reply) => {
    const err = noSuchPath(request.method, request.url);
    return reply.code(err.status).send(err.body());
  });

  authRoutes(app);
  hostRoutes(app);
  linkRoutes(app);
  contentRoutes(app);
  clusterRoutes(app);
  peerRoutes(app);
  unsimulatedRoutes(app);

  await app.ready();
  return app;
}
