// Simulated sites for integration tests: fast heartbeats and link steps, no mDNS unless a test asks for it, and a
// password distinct from the user name so tests can search for it.
import { startSite, type Site, type StartSiteOptions } from '../../../simulator/site';

export const SIM_USER = 'kairos';
export const SIM_PASSWORD = 'Pw-for-tests-7f3a';

export function startTestSite(opts: Partial<StartSiteOptions> & { hosts: number }): Promise<Site> {
  return startSite({
    mdnsInterface: false,
    heartbeatSec: 1,
    linkStepMs: 100,
    loginDelayBaseMs: 50,
    clusterTransitionMs: 300,
    user: SIM_USER,
    password: SIM_PASSWORD,
    ...opts,
  });
}

export type { Site };
