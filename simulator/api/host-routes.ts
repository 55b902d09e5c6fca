import type { FastifyInstance } from 'fastify';
import { paths, type V1EdgeHostInfo, type V1Ping, type V1Settings } from '../../shared/local-api/types.js';
import { buildSettings } from '../host/host-info.js';
import { hostOf } from './request-host.js';
import type { RouteConfig } from './route-config.js';

export function hostRoutes(app: FastifyInstance): void {
  const open: { config: RouteConfig } = { config: { access: 'public' } };

  app.get(paths.ping, open, async (): Promise<V1Ping> => ({ msg: 'pong' }));

  app.get(paths.currentHost, async (request): Promise<V1EdgeHostInfo> => hostOf(request).info());

  app.get(paths.settings, async (request): Promise<V1Settings> => buildSettings(hostOf(request).state.profile));
}
