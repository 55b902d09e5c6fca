// The spec operations the simulator does not implement still exist, so a client can tell "not simulated" from
// "no such path".
import type { FastifyInstance } from 'fastify';
import type { V1Error } from '../../shared/local-api/types';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Operations of the published spec that the simulator does not simulate. They exist (so a client can tell "not
 * simulated" from "no such path") and answer 501 with a v1Error. A conformance test checks that this list and the
 * simulated routes together cover the spec exactly.
 */
export const UNSIMULATED_OPERATIONS: ReadonlyArray<readonly [Method, string]> = [
  ['GET', '/v1/edge-mgmt/cluster'],
  ['PATCH', '/v1/edge-mgmt/cluster'],
  ['GET', '/v1/edge-mgmt/cluster/applications'],
  ['GET', '/v1/edge-mgmt/cluster/certificates'],
  ['GET', '/v1/edge-mgmt/cluster/events'],
  ['POST', '/v1/edge-mgmt/cluster/pair'],
  ['GET', '/v1/edge-mgmt/cluster/pair/details'],
  ['POST', '/v1/edge-mgmt/cluster/pair/reject'],
  ['POST', '/v1/edge-mgmt/cluster/pair/verify-connection'],
  ['PUT', '/v1/edge-mgmt/cluster/profiles'],
  ['POST', '/v1/edge-mgmt/cluster/profiles/variables/validate'],
  ['GET', '/v1/edge-mgmt/cluster/registry/content/details'],
  ['GET', '/v1/edge-mgmt/cluster/registry/health'],
  ['POST', '/v1/edge-mgmt/cluster/renew-certificates'],
  ['PUT', '/v1/edge-mgmt/cluster/settings'],
  ['PUT', '/v1/edge-mgmt/cluster/{clusterName}'],
  ['PATCH', '/v1/edge-mgmt/cluster/{clusterName}'],
  ['GET', '/v1/edge-mgmt/clusters/archive/embedded/details'],
  ['GET', '/v1/edge-mgmt/clusters/archive/overridden/details'],
  ['DELETE', '/v1/edge-mgmt/clusters/archive/update'],
  ['GET', '/v1/edge-mgmt/clusters/archive/update/details'],
  ['GET', '/v1/edge-mgmt/clusters/current/machinepools'],
  ['POST', '/v1/edge-mgmt/clusters/current/machinepools'],
  ['PUT', '/v1/edge-mgmt/clusters/current/machinepools/{poolName}'],
  ['DELETE', '/v1/edge-mgmt/clusters/current/machinepools/{poolName}'],
  ['PATCH', '/v1/edge-mgmt/clusters/current/machinepools/{poolName}'],
  ['DELETE', '/v1/edge-mgmt/clusters/current/machinepools/{poolName}/nodes/{nodeName}'],
  ['GET', '/v1/edge-mgmt/clusters/current/nodes'],
  ['GET', '/v1/edge-mgmt/edgehosts/connectivity/ping'],
  ['GET', '/v1/edge-mgmt/edgehosts/connectivity/traceroute'],
  ['GET', '/v1/edge-mgmt/edgehosts/current/actions/content/signing-public-key'],
  ['POST', '/v1/edge-mgmt/edgehosts/current/actions/reboot'],
  ['POST', '/v1/edge-mgmt/edgehosts/current/actions/reset'],
  ['POST', '/v1/edge-mgmt/edgehosts/current/actions/shutdown'],
  ['GET', '/v1/edge-mgmt/edgehosts/current/audits'],
  ['GET', '/v1/edge-mgmt/edgehosts/current/audits/download'],
  ['GET', '/v1/edge-mgmt/edgehosts/current/audits/filters'],
  ['GET', '/v1/edge-mgmt/edgehosts/current/configurations'],
  ['PUT', '/v1/edge-mgmt/edgehosts/current/configurations'],
  ['GET', '/v1/edge-mgmt/edgehosts/current/configurations/status'],
  ['GET', '/v1/edge-mgmt/edgehosts/current/download-logs'],
  ['GET', '/v1/edge-mgmt/edgehosts/current/error-logs'],
  ['GET', '/v1/edge-mgmt/edgehosts/current/file-download/files'],
  ['GET', '/v1/edge-mgmt/edgehosts/current/file-download/{filePath}'],
  ['POST', '/v1/edge-mgmt/edgehosts/current/generate-logs'],
  ['GET', '/v1/edge-mgmt/edgehosts/current/generate-logs-status'],
  ['GET', '/v1/edge-mgmt/edgehosts/current/userdata'],
  ['PUT', '/v1/edge-mgmt/edgehosts/current/userdata'],
  ['POST', '/v1/edge-mgmt/edgehosts/current/userdata'],
  ['GET', '/v1/edge-mgmt/events/lifecycle'],
  ['GET', '/v1/users/current'],
  ['PATCH', '/v1/users/current'],
  ['POST', '/v1/users/default/password/reset'],
];

export function unsimulatedRoutes(app: FastifyInstance): void {
  for (const [method, specPath] of UNSIMULATED_OPERATIONS) {
    const url = specPath.replace(/\{(\w+)\}/g, ':$1');
    app.route({
      method,
      url,
      handler: async (_request, reply) => {
        const body: V1Error = {
          code: 'NotImplemented',
          message: `${method} ${specPath} is part of the Local Management API but is not simulated`,
        };
        return reply.code(501).send(body);
      },
    });
  }
}
