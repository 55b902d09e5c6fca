// Uploads of content bundles and cluster definitions, their details, and the content sync status the spec exposes.
import type { FastifyInstance } from 'fastify';
import { paths, type UploadResponse, type V1HarborContentsSyncStatus, type V1UploadedContentDetails } from '../../shared/local-api/types';
import { hostOf } from './request-host';

export function contentRoutes(app: FastifyInstance): void {
  app.post(paths.uploadContent, async (request, reply): Promise<UploadResponse> => {
    const result = await hostOf(request).content.upload(request, 'content');
    reply.code(201);
    return result;
  });

  app.post(paths.uploadClusterConfig, async (request, reply): Promise<UploadResponse> => {
    const result = await hostOf(request).content.upload(request, 'clusterconfig');
    reply.code(201);
    return result;
  });

  app.get(paths.uploadedContent, async (request): Promise<V1UploadedContentDetails> => hostOf(request).content.details());

  app.get(paths.contentSyncStatus, async (request): Promise<V1HarborContentsSyncStatus> => hostOf(request).content.sync.view());
}
