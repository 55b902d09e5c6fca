// What a host reports about itself, shaped exactly as the spec's definitions, from its persisted profile.
import { randomBytes } from 'node:crypto';
import { MULTI_NODE_FLAG, type HostState, type NodeRole, type V1EdgeHostInfo, type V1Settings } from '../../shared/local-api/types';
import type { HostProfile, PersistedState } from './persistence';

export function newHostId(): string {
  return `edge-${randomBytes(16).toString('hex')}`;
}

/** A locally administered unicast MAC, so simulated NICs never collide with real vendors' ranges. */
export function newMacAddress(): string {
  const bytes = randomBytes(6);
  bytes[0] = ((bytes[0] ?? 0) & 0xfc) | 0x02;
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

export interface LiveHostFacts {
  hostState: HostState;
  nodeRole?: NodeRole;
}

/** `v1EdgeHostInfo` as a real agent fills it; only fields the spec defines, with its capitalisation and enums. */
export function buildHostInfo(state: PersistedState, live: LiveHostFacts): V1EdgeHostInfo {
  const { profile } = state;
  const info: V1EdgeHostInfo = {
    metadata: {
      id: state.id,
      name: state.name,
      creationTimestamp: state.createdAt,
      labels: { 'simulator.fieldlink/host': 'true' },
    },
    spec: {
      connectionMode: 'airgap',
      managementMode: profile.managementMode,
      hostInfo: { hostState: live.hostState, hostType: profile.mode, secureBoot: false },
      hardwareSpec: {
        archType: 'amd64',
        cpu: { cores: 4 },
        memory: { sizeInMB: 16384 },
        os: { family: profile.os.family, version: profile.os.version, kernel: 'Linux', kernelVersion: kernelFor(profile) },
      },
      networkInfo: [
        {
          nicName: 'eth0',
          ip: state.address,
          macAddr: state.macAddr,
          isDefault: true,
          subnet: subnetFor(state.address),
          dns: [],
        },
      ],
    },
    status: {
      agentVersion: profile.agentVersion,
      hostName: state.name,
      isClusterPhase: live.hostState === 'In-Use',
    },
  };
  if (live.nodeRole && info.spec) info.spec.nodeRole = live.nodeRole;
  return info;
}

export function buildSettings(profile: HostProfile): V1Settings {
  return {
    installationMode: 'airgap',
    managementMode: profile.managementMode,
    featureFlags: { [MULTI_NODE_FLAG]: profile.multiNode },
  };
}

function kernelFor(profile: HostProfile): string {
  return profile.os.family.toLowerCase() === 'ubuntu' ? '6.8.0-51-generic' : '6.6.58';
}

function subnetFor(address: string): string {
  return address.startsWith('127.') ? '255.0.0.0' : '255.255.255.0';
}
