// Login, session renewal and logout: the spec's `users/default` paths, backed by host/auth.ts.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { paths, type V1AcceptedResponseWithMessage, type V1LoginSuccess, type V1UserToken } from '../../shared/local-api/types';
import { hostOf } from './request-host';
import type { RouteConfig } from './route-config';
import { flag } from './query';

const loginBody = z.object({ username: z.string(), password: z.string() });

export function authRoutes(app: FastifyInstance): void {
  const open: { config: RouteConfig } = { config: { access: 'public' } };

  app.post(paths.login, open, async (request): Promise<V1LoginSuccess> => {
    const host = hostOf(request);
    const { username, password } = loginBody.parse(request.body);
    const token = await host.auth.login(username, password, flag(request.query, 'extendedSession'), host.signal);
    return { IsFirstLogin: false, Token: { Authorization: token } };
  });

  app.post(paths.renewal, async (request): Promise<V1UserToken> => {
    const host = hostOf(request);
    return { Authorization: host.auth.renew(request.headers.authorization, flag(request.query, 'extendedSession')) };
  });

  app.post(paths.logout, async (request): Promise<V1AcceptedResponseWithMessage> => {
    hostOf(request).auth.logout(request.headers.authorization);
    return { message: 'Logged out' };
  });
}
