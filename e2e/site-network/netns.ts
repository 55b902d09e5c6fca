// A site network made of Linux network namespaces: one bridge in the root namespace (no address, so nothing it
// carries reaches the machine's own links), one namespace per edge host and one for the console, each joined to the
// bridge by a veth pair. Everything is named with a prefix so a crashed run's leftovers can be swept away first.
import { execFileSync } from 'node:child_process';

export interface NetNode {
  ns: string;
  /** The veth end inside the namespace. */
  dev: string;
  /** The veth end on the bridge, in the root namespace: setting it down cuts this node off. */
  bridgePort: string;
  address: string;
}

export interface SiteNetwork {
  bridge: string;
  console: NetNode;
  hosts: NetNode[];
  cut(node: NetNode): void;
  restore(node: NetNode): void;
  destroy(): void;
}

const PREFIX = 'flsn';

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function tryIp(...args: string[]): void {
  try {
    ip(...args);
  } catch {
    // Sweeping leftovers: a missing namespace or link is the normal case.
  }
}

/** Why this machine cannot run the test, or null when it can. */
export function siteNetworkUnavailable(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'network namespaces need root';
  try {
    ip('netns', 'list');
  } catch {
    return 'the `ip` command (iproute2) is missing or cannot list namespaces';
  }
  return null;
}

export function sweep(): void {
  const names = ip('netns', 'list')
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(`${PREFIX}-`));
  for (const name of names) tryIp('netns', 'del', name);
  tryIp('link', 'del', `${PREFIX}br0`);
  // The kernel drops a deleted namespace's veth peers only once nothing holds the namespace; on a loaded machine the
  // bridge ends of a failed run can outlive it, and the next run's `ip link add` then fails with "File exists".
  const links = ip('-o', 'link', 'show')
    .split('\n')
    .map((line) => (line.split(': ')[1] ?? '').split('@')[0] ?? '')
    .filter((name) => name.startsWith(PREFIX));
  for (const name of links) tryIp('link', 'del', name);
}

/** Builds the network: `hostCount` host namespaces and a console namespace on 10.213.47.0/24. */
export function createSiteNetwork(hostCount: number): SiteNetwork {
  sweep();
  const bridge = `${PREFIX}br0`;
  const created: string[] = [];
  const destroy = () => {
    for (const ns of created) tryIp('netns', 'del', ns);
    tryIp('link', 'del', bridge);
  };
  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    // No STP delay: ports forward as soon as they are up.
    ip('link', 'set', bridge, 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0');
    ip('link', 'set', bridge, 'up');
    const node = (name: string, index: number): NetNode => {
      const ns = `${PREFIX}-${name}`;
      const dev = `${PREFIX}${index}`;
      const bridgePort = `${PREFIX}${index}b`;
      const address = `10.213.47.${10 + index}`;
      ip('netns', 'add', ns);
      created.push(ns);
      ip('link', 'add', dev, 'type', 'veth', 'peer', 'name', bridgePort);
      ip('link', 'set', dev, 'netns', ns);
      ip('link', 'set', bridgePort, 'master', bridge);
      ip('link', 'set', bridgePort, 'up');
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', dev);
      ip('-n', ns, 'link', 'set', dev, 'up');
      // Like a LAN with a default gateway: multicast (mDNS) leaves through the site interface.
      ip('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', dev);
      return { ns, dev, bridgePort, address };
    };
    const consoleNode = node('console', 0);
    const hosts = Array.from({ length: hostCount }, (_, i) => node(`host${i + 1}`, i + 1));
    return {
      bridge,
      console: consoleNode,
      hosts,
      cut: (n) => ip('link', 'set', n.bridgePort, 'down'),
      restore: (n) => ip('link', 'set', n.bridgePort, 'up'),
      destroy,
    };
  } catch (err) {
    destroy();
    throw err;
  }
}
