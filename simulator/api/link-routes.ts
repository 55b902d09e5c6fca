// Linking as the spec has it (generate-token, link, status, unlink), plus the full profile's token-state extension.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { paths, type V1AcceptedResponseWithMessage, type V1LinkStatus, type V1LinkToken } from '../../shared/local-api/types';
import { text } from './query';
import type { LinkTokenState } from '../host/tokens';
import { hostOf } from './request-host';
import type { RouteConfig } from './route-config';

/** The body is a v1LinkToken; only `token` matters, the other fields of the definition are accepted and ignored. */
const linkBody = z.looseObject({ token: z.string().min(1, 'token must not be empty') });

export function linkRoutes(app: FastifyInstance): void {
  app.post(paths.generateToken, async (request): Promise<V1LinkToken> => hostOf(request).tokens.generate());

  app.post(paths.link, async (request): Promise<V1LinkStatus> => {
    const { token } = linkBody.parse(request.body);
    return hostOf(request).linking.link(token);
  });

  app.get(paths.linkStatus, async (request): Promise<V1LinkStatus> => hostOf(request).linking.status());

  app.post(paths.unlink, async (request): Promise<V1AcceptedResponseWithMessage> => hostOf(request).linking.unlink(text(request.query, 'peerId')));

  // Extensions (not in the spec, see local-api-notes.md): token state without starting it, and stop generation.
  // A spec-only host has neither: they answer 404 like any unknown path.
  const extension: { config: RouteConfig } = { config: { spec: { absent: true } } };
  app.get(paths.linkToken, extension, async (request): Promise<LinkTokenState> => hostOf(request).tokens.current());

  app.delete(paths.linkToken, extension, async (request): Promise<V1AcceptedResponseWithMessage> => hostOf(request).tokens.stop());
}
