// Tests and demos must make hosts misbehave and inspect them without touching the Local API: this is the plain-HTTP
// control port of a site (faults, crash and restart, address moves, a state view).
import Fastify, { type FastifyError } from 'fastify';
import { z, ZodError } from 'zod';
import { faultChangeSchema } from './host/faults';
import type { SimHost } from './host/sim-host';

export interface AdminServer {
  url: string;
  hostUrl(host: SimHost): string;
  close(): Promise<void>;
}

const addressBody = z.strictObject({ address: z.union([z.ipv4(), z.ipv6()]) });

/**
 * Plain-HTTP control of the site's hosts, on its own port (never an API port): faults, down/up, address changes,
 * and a state view for tests. Every host's admin base URL is `{site admin}/hosts/{host id}`.
 */
export async function startAdmin(hosts: SimHost[], address: string, port: number): Promise<AdminServer> {
  const app = Fastify({ logger: false });
  const byId = new Map(hosts.map((h) => [h.id, h]));
  const find = (key: string) => byId.get(key) ?? hosts.find((h) => h.name === key);

  app.setErrorHandler((err: FastifyError | Error, _request, reply) => {
    if (err instanceof ZodError) return reply.code(400).send({ code: 'BadRequest', message: z.prettifyError(err) });
    const status = (err as FastifyError).statusCode ?? 500;
    return reply.code(status).send({ code: status < 500 ? 'BadRequest' : 'InternalError', message: err.message });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ code: 'NotFound', message: `No such admin path: ${request.method} ${request.url}` }));

  app.get('/hosts', async () => ({ hosts: hosts.map(summary) }));

  // Site-wide faults: the same change on every host at once (e.g. 3 s added to every request of the site).
  app.get('/faults', async () => ({ hosts: hosts.map((h) => ({ id: h.id, faults: h.faults.get() })) }));
  app.post('/faults', async (request) => {
    const change = faultChangeSchema.parse(request.body ?? {});
    return { hosts: hosts.map((h) => ({ id: h.id, faults: h.faults.set(change) })) };
  });
  app.delete('/faults', async () => ({ hosts: hosts.map((h) => ({ id: h.id, faults: h.faults.clear() })) }));

  app.register(
    async (scope) => {
      scope.addHook('preHandler', async (request, reply) => {
        const key = (request.params as { host: string }).host;
        if (!find(key)) return reply.code(404).send({ code: 'NotFound', message: `No host ${key} in this site` });
      });
      const hostOf = (params: unknown) => find((params as { host: string }).host) as SimHost;

      scope.get('/state', async (request) => state(hostOf(request.params)));
      scope.get('/faults', async (request) => hostOf(request.params).faults.get());
      scope.post('/faults', async (request) => hostOf(request.params).faults.set(faultChangeSchema.parse(request.body ?? {})));
      scope.delete('/faults', async (request) => hostOf(request.params).faults.clear());
      scope.post('/down', async (request) => {
        const host = hostOf(request.params);
        await host.down();
        return state(host);
      });
      scope.post('/up', async (request) => {
        const host = hostOf(request.params);
        await host.up();
        return state(host);
      });
      scope.post('/address', async (request, reply) => {
        const host = hostOf(request.params);
        const { address } = addressBody.parse(request.body);
        try {
          await host.changeAddress(address);
        } catch (err) {
          return reply.code(409).send({ code: 'Conflict', message: (err as Error).message });
        }
        return state(host);
      });
    },
    { prefix: '/hosts/:host' },
  );

  await app.listen({ host: address, port });
  const bound = app.server.address();
  const actualPort = bound && typeof bound === 'object' ? bound.port : port;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${actualPort}`;
  return {
    url,
    hostUrl: (host) => `${url}/hosts/${host.id}`,
    close: () => app.close(),
  };
}

function summary(host: SimHost) {
  return { id: host.id, name: host.name, url: host.url, port: host.port, address: host.address, up: host.isUp };
}

function state(host: SimHost) {
  const group = host.state.group;
  const cluster = host.currentCluster();
  return {
    ...summary(host),
    fingerprint: host.cert.fingerprint,
    profile: host.config.api.name,
    hostState: host.hostState(),
    role: group ? (host.group.isLeader() ? 'leader' : 'follower') : host.tokens.isGenerating() ? 'leader' : 'standalone',
    generatingTokens: host.tokens.isGenerating(),
    group: group ? { id: group.id, version: group.version, leaderId: group.leaderId, members: group.members.map((m) => m.id) } : null,
    cluster: cluster ? { id: cluster.id, name: cluster.name, state: cluster.state, nodes: cluster.nodes } : null,
    lastUpload: host.state.lastUpload ? { fileName: host.state.lastUpload.fileName, sha256Hash: host.state.lastUpload.sha256Hash } : null,
    faults: host.faults.get(),
  };
}
