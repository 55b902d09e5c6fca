// Host info and settings follow the site file and the spec's enums.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MULTI_NODE_FLAG, paths, type V1EdgeHostInfo, type V1Settings } from '../../shared/local-api/types';
import type { Site } from '../site';
import type { ApiClient } from '../test-kit/client';
import { clientsFor, testSite } from '../test-kit/site-helpers';

describe('host info and settings', () => {
  let site: Site;
  let clients: ApiClient[];

  beforeAll(async () => {
    site = await testSite({
      hosts: 4,
      site: [
        { name: 'gate-a' },
        { name: 'gate-b', mode: 'agent', os: { family: 'opensuse-leap', version: '15.6' }, agentVersion: 'v4.6.9' },
        { multiNode: false, managementMode: 'central' },
        { state: 'In-Use' },
      ],
    });
    clients = await clientsFor(site);
  });
  afterAll(() => site?.stop());

  it('describes the host as the spec shapes v1EdgeHostInfo', async () => {
    const res = await clients[0]!.get<V1EdgeHostInfo>(paths.currentHost);
    expect(res.status).toBe(200);
    const host = site.hosts[0]!;
    expect(host.id).toMatch(/^edge-[0-9a-f]{32}$/);
    expect(res.body.metadata).toMatchObject({ id: host.id, name: 'gate-a' });
    expect(res.body.spec).toMatchObject({
      connectionMode: 'airgap',
      managementMode: 'local',
      hostInfo: { hostState: 'Ready', hostType: 'appliance' },
      hardwareSpec: { os: { family: 'ubuntu', version: '22.04' } },
    });
    expect(res.body.spec?.networkInfo?.[0]).toMatchObject({ ip: '127.0.0.1', isDefault: true });
    expect(res.body.spec?.networkInfo?.[0]?.macAddr).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(res.body.status).toMatchObject({ agentVersion: 'v4.7.2', hostName: 'gate-a', isClusterPhase: false });
  });

  it('carries the site file: agent mode, OS and agent version', async () => {
    const res = await clients[1]!.get<V1EdgeHostInfo>(paths.currentHost);
    expect(res.body.spec?.hostInfo?.hostType).toBe('agent');
    expect(res.body.spec?.hardwareSpec?.os).toMatchObject({ family: 'opensuse-leap', version: '15.6' });
    expect(res.body.status?.agentVersion).toBe('v4.6.9');
  });

  it('reports settings with the multi-node flag and management mode', async () => {
    const a = await clients[0]!.get<V1Settings>(paths.settings);
    expect(a.body).toEqual({ installationMode: 'airgap', managementMode: 'local', featureFlags: { [MULTI_NODE_FLAG]: true } });
    const c = await clients[2]!.get<V1Settings>(paths.settings);
    expect(c.body).toEqual({ installationMode: 'airgap', managementMode: 'central', featureFlags: { [MULTI_NODE_FLAG]: false } });
  });

  it('gives unnamed hosts an edge- name derived from their id', () => {
    const host = site.hosts[2]!;
    expect(host.name).toBe(`edge-${host.id.slice(5, 13)}`);
  });

  it('starts a host declared In-Use in a running cluster of its own', async () => {
    const res = await clients[3]!.get<V1EdgeHostInfo>(paths.currentHost);
    expect(res.body.spec?.hostInfo?.hostState).toBe('In-Use');
    expect(res.body.spec?.nodeRole).toBe('controlplane');
    expect(res.body.status?.isClusterPhase).toBe(true);
    const details = await clients[3]!.get(paths.clusterDetails);
    expect(details.status).toBe(200);
    expect(details.body.status.clusterState).toBe('Running');
    expect(details.body.spec.hostIDs).toEqual([site.hosts[3]!.id]);
  });
});
