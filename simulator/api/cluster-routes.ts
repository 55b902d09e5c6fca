// Cluster create, delete and details: enough of the spec for the console to see In-Use hosts and leaders change.
import type { FastifyInstance } from 'fastify';
import { paths, type V1AcceptedResponseWithMessage, type V1Cluster } from '../../shared/local-api/types';
import { hostOf } from './request-host';

export function clusterRoutes(app: FastifyInstance): void {
  app.post(paths.cluster, async (request, reply): Promise<V1AcceptedResponseWithMessage> => {
    const result = hostOf(request).cluster.create(request.body);
    reply.code(202);
    return result;
  });

  app.delete(paths.cluster, async (request, reply): Promise<V1AcceptedResponseWithMessage> => {
    const result = hostOf(request).cluster.remove();
    reply.code(202);
    return result;
  });

  app.get(paths.clusterDetails, async (request): Promise<V1Cluster> => hostOf(request).cluster.details());
}
