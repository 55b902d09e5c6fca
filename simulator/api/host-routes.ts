// The host's own identity: ping, current edge host and settings, the first calls a console makes.
import type { FastifyInstance } from 'fastify';
import { paths, type V1EdgeHostInfo, type V1Ping, type V1Settings } from '../../shared/local-api/types';
import { buildSettings } from '../host/host-info';
import { hostOf } from './request-host';
import type { RouteConfig } from './route-config';

export function hostRoutes(app: FastifyInstance): void {
  // The simulator's ping needs no session; the spec lists it under the same Authorization as every other call.
  const ping: { config: RouteConfig } = { config: { access: 'public', spec: { access: 'session' } } };

  app.get(paths.ping, ping, async (): Promise<V1Ping> => ({ msg: 'pong' }));

  app.get(paths.currentHost, async (request): Promise<V1EdgeHostInfo> => hostOf(request).info());

  app.get(paths.settings, async (request): Promise<V1Settings> => buildSettings(hostOf(request).state.profile));
}
