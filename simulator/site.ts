import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildApi } from './api/app.js';
import { tagRequest } from './api/request-host.js';
import { startAdmin, type AdminServer } from './admin.js';
import type { FaultControl } from './host/faults.js';
import type { HostProfile } from './host/persistence.js';
import { SimHost, type HostAnnouncer, type HostConfig } from './host/sim-host.js';
import { MdnsAnnouncer } from './mdns.js';
import { siteFileSchema } from './site-spec.js';

export type { FaultControl, FaultSettings } from './host/faults.js';

export interface SiteHostSpec {
  name?: string;
  mode?: 'appliance' | 'agent';
  os?: { family: string; version: string };
  state?: 'Ready' | 'In-Use';
  multiNode?: boolean;
  managementMode?: 'local' | 'central';
  agentVersion?: string;
}

export interface StartSiteOptions {
  hosts: number;
  /** First API port; host i listens on basePort + i. 0 or undefined = free ports (reused on restart if free). */
  basePort?: number;
  /** Default 127.0.0.1. */
  bindAddress?: string;
  /** Default 'kairos'. */
  user?: string;
  /** Default 'kairos'. */
  password?: string;
  /** Default: a new temporary directory, removed on stop. */
  dataDir?: string;
  /** Link token (OTP) rotation, default 120. */
  tokenIntervalSec?: number;
  site?: SiteHostSpec[];
  /** Default '127.0.0.1'; false = no mDNS. */
  mdnsInterface?: string | false;
  /** Login lockout after 5 failures, default 900. */
  lockoutSec?: number;
  /** Admin HTTP port, default a free one. */
  adminPort?: number;
  /** Leader -> follower heartbeat, default 5 s: peer health and host status flow with it. */
  heartbeatSec?: number;
  /** How long a cluster stays Provisioning / Deleting, default 1500 ms. */
  clusterTransitionMs?: number;
  /** Time a link attempt spends in Pending, and in InProgress after the leader answers, default 300 ms. */
  linkStepMs?: number;
  /** First delay once a user has 3 failed logins; doubles with each further failure. Default 1000 ms. */
  loginDelayBaseMs?: number;
  /** Diagnostics (default: none). The CLI sends them to stderr. */
  log?: (message: string) => void;
}

export interface SiteHost {
  id: string;
  name: string;
  /** https://ADDRESS:PORT */
  url: string;
  port: number;
  address: string;
  /** Admin base URL of this host: POST {admin}/faults, {admin}/down, {admin}/up, {admin}/address; GET {admin}/state. */
  admin: string;
  /** SHA-256 of the certificate DER, upper-case hex pairs joined by colons (Node's `fingerprint256` format). */
  fingerprint: string;
  /** The certificate, PEM, for clients that pin it. */
  certPem: string;
  faults: FaultControl;
  down(): Promise<void>;
  up(): Promise<void>;
  /** Moves the host to another address; refused while it is linked (a linked host's IP cannot change). */
  setAddress(address: string): Promise<void>;
}

export interface Site {
  hosts: SiteHost[];
  /** Admin base URL of the site (GET {admin}/hosts lists the hosts). */
  admin: string;
  dataDir: string;
  stop(): Promise<void>;
}

const DEFAULT_PROFILE: HostProfile = {
  mode: 'appliance',
  os: { family: 'ubuntu', version: '22.04' },
  multiNode: true,
  managementMode: 'local',
  agentVersion: 'v4.7.2',
};

/** Starts a simulated site: `hosts` edge hosts in this process, sharing one router, one mDNS responder, one admin server. */
export async function startSite(opts: StartSiteOptions): Promise<Site> {
  const specs = checkOptions(opts);
  const log = opts.log ?? (() => undefined);
  const bindAddress = opts.bindAddress ?? '127.0.0.1';
  const advertisedAddress = bindAddress === '0.0.0.0' || bindAddress === '::' ? '127.0.0.1' : bindAddress;
  const ownDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ? path.resolve(opts.dataDir) : await mkdtemp(path.join(os.tmpdir(), 'fieldlink-site-'));

  let api: FastifyInstance | null = null;
  let mdns: MdnsAnnouncer | null = null;
  let admin: AdminServer | null = null;
  const hosts: SimHost[] = [];
  const onMdnsError = (err: Error) => log(`mDNS: ${err.message}`);
  const cleanup = async () => {
    await admin?.close();
    if (mdns) {
      await mdns.goodbye(hosts.map((h) => h.id));
      await mdns.release(onMdnsError);
    }
    await Promise.all(hosts.map((h) => h.stop()));
    await api?.close();
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const router = await buildApi(log);
    api = router;
    const mdnsInterface = opts.mdnsInterface === undefined ? '127.0.0.1' : opts.mdnsInterface;
    if (mdnsInterface !== false) mdns = MdnsAnnouncer.acquire(mdnsInterface, onMdnsError);
    const announcer: HostAnnouncer | null = mdns && announcerFor(mdns);

    const opened = await Promise.all(
      specs.map((spec, index) => {
        const config: HostConfig = {
          dir: path.join(dataDir, spec.name ?? `host-${String(index + 1).padStart(3, '0')}`),
          ...(spec.name ? { name: spec.name } : {}),
          profile: {
            mode: spec.mode ?? DEFAULT_PROFILE.mode,
            os: spec.os ?? DEFAULT_PROFILE.os,
            multiNode: spec.multiNode ?? DEFAULT_PROFILE.multiNode,
            managementMode: spec.managementMode ?? DEFAULT_PROFILE.managementMode,
            agentVersion: spec.agentVersion ?? DEFAULT_PROFILE.agentVersion,
          },
          initialState: spec.state ?? 'Ready',
          bindAddress,
          advertisedAddress,
          port: opts.basePort ? opts.basePort + index : 0,
          user: opts.user ?? 'kairos',
          password: opts.password ?? 'kairos',
          tokenIntervalSec: opts.tokenIntervalSec ?? 120,
          lockoutSec: opts.lockoutSec ?? 900,
          loginDelayBaseMs: opts.loginDelayBaseMs ?? 1000,
          heartbeatSec: opts.heartbeatSec ?? 5,
          clusterTransitionMs: opts.clusterTransitionMs ?? 1500,
          linkStepMs: opts.linkStepMs ?? 300,
          log,
        };
        return SimHost.open(config, (host, req, res) => {
          tagRequest(req, host);
          router.routing(req, res);
        }, announcer);
      }),
    );
    hosts.push(...opened);
    const names = new Set<string>();
    for (const host of hosts) {
      if (names.has(host.name.toLowerCase())) throw new Error(`two hosts of the site are named ${host.name}`);
      names.add(host.name.toLowerCase());
    }
    // Started one after another so a clash on a fixed port names the host; each start is only a listen().
    for (const host of hosts) await host.start();
    admin = await startAdmin(hosts, advertisedAddress, opts.adminPort ?? 0);
  } catch (err) {
    await cleanup().catch(() => undefined);
    throw err;
  }

  const adminServer = admin;
  let stopping: Promise<void> | null = null;
  return {
    hosts: hosts.map((host) => siteHost(host, adminServer.hostUrl(host))),
    admin: adminServer.url,
    dataDir,
    stop: () => (stopping ??= cleanup()),
  };
}

function announcerFor(mdns: MdnsAnnouncer): HostAnnouncer {
  return {
    announce: (host) =>
      mdns.announce({
        id: host.id,
        name: host.name,
        address: host.address,
        port: host.port,
        txt: { id: host.id, ver: host.state.profile.agentVersion, mode: host.state.profile.mode },
      }),
    silence: (hostId) => mdns.silence(hostId),
  };
}

function siteHost(host: SimHost, admin: string): SiteHost {
  return {
    get id() {
      return host.id;
    },
    get name() {
      return host.name;
    },
    get url() {
      return host.url;
    },
    get port() {
      return host.port;
    },
    get address() {
      return host.address;
    },
    admin,
    fingerprint: host.cert.fingerprint,
    certPem: host.cert.certPem,
    faults: host.faults,
    down: () => host.down(),
    up: () => host.up(),
    setAddress: (address) => host.changeAddress(address),
  };
}

function checkOptions(opts: StartSiteOptions): SiteHostSpec[] {
  if (!Number.isInteger(opts.hosts) || opts.hosts < 1) throw new Error(`hosts must be a positive integer, got ${opts.hosts}`);
  const parsed = siteFileSchema.safeParse(opts.site ?? []);
  if (!parsed.success) throw new Error(`the site description is not valid:\n${z.prettifyError(parsed.error)}`);
  const specs = parsed.data;
  if (specs.length > opts.hosts) {
    throw new Error(`the site describes ${specs.length} hosts but only ${opts.hosts} were asked for`);
  }
  if (opts.basePort !== undefined && opts.basePort !== 0) {
    if (!Number.isInteger(opts.basePort) || opts.basePort < 1 || opts.basePort + opts.hosts - 1 > 65535) {
      throw new Error(`basePort ${opts.basePort} cannot hold ${opts.hosts} hosts`);
    }
  }
  if (opts.tokenIntervalSec !== undefined && !(opts.tokenIntervalSec >= 1)) throw new Error('tokenIntervalSec must be at least 1');
  return Array.from({ length: opts.hosts }, (_, i) => specs[i] ?? {});
}
