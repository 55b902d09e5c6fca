// The simulator's one entry point for tests, demos and the CLI: start a site of hosts, reach them, break them, stop them.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildApi } from './api/app';
import { tagRequest } from './api/request-host';
import { startAdmin, type AdminServer } from './admin';
import type { ApiProfile, ApiProfileName, SpecTokenFormat, UnlinkPeerId } from './host/api-profile';
import { faultChangeSchema, type FaultControl, type FaultSettings } from './host/faults';
import type { HostProfile } from './host/persistence';
import { SimHost, type HostAnnouncer, type HostConfig } from './host/sim-host';
import { MdnsAnnouncer } from './mdns';
import { siteFileSchema } from './site-spec';

export type { FaultControl, FaultSettings } from './host/faults';
export type { ApiProfileName, SpecTokenFormat, UnlinkPeerId } from './host/api-profile';

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
  /**
   * `full` (default): the simulator's own agent, with mDNS and the token-state / stop extension. `spec`: an agent
   * that speaks only the published spec, like a real host: no mDNS, no extension (404), wrong password 400, ping
   * needs a session, tokens without port or fingerprint, the Local UI's sync words (README, "Profiles").
   */
  profile?: ApiProfileName;
  /** Which id a follower's `unlink?peerId=` accepts, on either profile. Default `own`. */
  unlinkPeerId?: UnlinkPeerId;
  /** Spec profile only: tokens that show the leader's IPv4 address (`address`, default) or nothing (`opaque`). */
  specTokenFormat?: SpecTokenFormat;
  /** Faults every host starts with, e.g. `{ latencyMs: 3000 }`; change them later with `site.faults`. */
  faults?: Partial<FaultSettings>;
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
  /** Default '127.0.0.1'; false = no mDNS. Ignored (no mDNS) on the spec profile. */
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
  profile: ApiProfileName;
  /** Faults of every host at once: `set` changes each host, `get` is the first host's. */
  faults: FaultControl;
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
  const apiProfile: ApiProfile = {
    name: opts.profile ?? 'full',
    unlinkPeerId: opts.unlinkPeerId ?? 'own',
    specTokenFormat: opts.specTokenFormat ?? 'address',
  };
  const startFaults = faultChangeSchema.parse(opts.faults ?? {});
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
    // A spec-only agent does not announce itself: nothing in the product says real hosts do.
    const mdnsInterface = apiProfile.name === 'spec' ? false : opts.mdnsInterface === undefined ? '127.0.0.1' : opts.mdnsInterface;
    if (apiProfile.name === 'spec' && opts.mdnsInterface) log('spec profile: no mDNS announcements (mdnsInterface ignored)');
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
          api: apiProfile,
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
        return SimHost.open(
          config,
          (host, req, res) => {
            tagRequest(req, host);
            router.routing(req, res);
          },
          announcer,
        );
      }),
    );
    hosts.push(...opened);
    for (const host of hosts) host.faults.set(startFaults);
    const names = new Set<string>();
    for (const host of hosts) {
      if (names.has(host.name.toLowerCase())) throw new Error(`two hosts of the site are named ${host.name}`);
      names.add(host.name.toLowerCase());
    }
    // Started one after another so a clash on a fixed port names the host; each start is only a listen().
    for (const host of hosts) await host.start();
    admin = await startAdmin(hosts, advertisedAddress, opts.adminPort ?? 0);
  } catch (err) {
    // The start failure is what the caller must see; a cleanup failure is only logged beside it.
    await cleanup().catch((cleanupErr: unknown) => log(`cleanup after a failed start failed: ${String(cleanupErr)}`));
    throw err;
  }

  const adminServer = admin;
  let stopping: Promise<void> | null = null;
  return {
    hosts: hosts.map((host) => siteHost(host, adminServer.hostUrl(host))),
    profile: apiProfile.name,
    faults: siteFaults(hosts),
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

function siteFaults(hosts: SimHost[]): FaultControl {
  const first = hosts[0];
  if (!first) throw new Error('a site has at least one host');
  return {
    get: () => first.faults.get(),
    set: (change) => {
      const valid = faultChangeSchema.parse(change);
      for (const host of hosts) host.faults.set(valid);
      return first.faults.get();
    },
    clear: () => {
      for (const host of hosts) host.faults.clear();
      return first.faults.get();
    },
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
  if (opts.profile !== undefined && opts.profile !== 'full' && opts.profile !== 'spec') {
    throw new Error(`profile must be 'full' or 'spec', got ${String(opts.profile)}`);
  }
  if (opts.unlinkPeerId !== undefined && !['own', 'leader', 'either'].includes(opts.unlinkPeerId)) {
    throw new Error(`unlinkPeerId must be 'own', 'leader' or 'either', got ${String(opts.unlinkPeerId)}`);
  }
  if (opts.specTokenFormat !== undefined && opts.specTokenFormat !== 'address' && opts.specTokenFormat !== 'opaque') {
    throw new Error(`specTokenFormat must be 'address' or 'opaque', got ${String(opts.specTokenFormat)}`);
  }
  const faults = faultChangeSchema.safeParse(opts.faults ?? {});
  if (!faults.success) throw new Error(`the faults are not valid:\n${z.prettifyError(faults.error)}`);
  return Array.from({ length: opts.hosts }, (_, i) => specs[i] ?? {});
}
