// The optional range probe: GET /v1/ping on every address of a CIDR (at most a /22), a bounded number at a time,
// as a task with progress. Hosts that answer 200 are added (source 'probe'); nothing secret is ever sent.
import { pingHost } from '../agent/ping';
import { PinnedAgent } from '../agent/tls-agent';
import type { Observation } from '../hosts/entry';
import type { TaskSpec } from '../tasks/task-manager';
import { endpointUrl } from '../util/address';
import { expandCidr } from '../util/cidr';
import { forEachLimited } from '../util/limit';

export const PROBE_CONCURRENCY = 32;
const PROBE_TIMEOUT_MS = 1_500;

export function probeTask(cidr: string, port: number, observe: (obs: Observation) => void): TaskSpec {
  // Expanded up front so a bad or too large range is refused before any task exists.
  const addresses = expandCidr(cidr);
  return {
    kind: 'probe',
    title: `Probe ${cidr} port ${port}`,
    unit: 'addresses',
    run: async (task) => {
      const agent = new PinnedAgent({ check: () => 'trusted', enforce: false, maxSockets: 1, connectTimeoutMs: PROBE_TIMEOUT_MS });
      let done = 0;
      let found = 0;
      task.progress(0, addresses.length, 'addresses');
      task.phase(`Asking ${addresses.length} addresses`);
      try {
        await forEachLimited(
          addresses,
          PROBE_CONCURRENCY,
          async (address) => {
            const result = await pingHost(endpointUrl({ address, port }), agent, PROBE_TIMEOUT_MS);
            if (result.ok && result.status === 200 && !task.signal.aborted) {
              found++;
              observe({ address, port, source: 'probe' });
            }
            task.progress(++done, addresses.length, 'addresses');
          },
          task.signal,
        );
      } finally {
        agent.destroy();
      }
      task.throwIfCancelled();
      task.summary(found === 1 ? `Found 1 host in ${cidr}` : `Found ${found} hosts in ${cidr}`);
    },
    retry: () => probeTask(cidr, port, observe),
  };
}
