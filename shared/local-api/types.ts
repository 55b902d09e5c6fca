// Shapes of the Palette Edge Local Management API that Fieldlink and the simulator use.
// Names and capitalisation follow the Swagger definitions (reference/palette-local-api.swagger.json) exactly;
// every field is optional there, and real hosts add fields of their own, so readers must stay lenient.

export const LOCAL_API_PORT = 5080;

export const paths = {
  ping: '/v1/ping',
  login: '/v1/users/default/login',
  renewal: '/v1/users/default/token/renewal',
  logout: '/v1/users/default/logout',
  currentHost: '/v1/edge-mgmt/edgehosts/current',
  settings: '/v1/edge-mgmt/settings',
  generateToken: '/v1/edge-mgmt/edgehosts/current/link/generate-token',
  link: '/v1/edge-mgmt/edgehosts/current/link',
  linkStatus: '/v1/edge-mgmt/edgehosts/current/link/status',
  unlink: '/v1/edge-mgmt/edgehosts/current/unlink',
  /** Extension (not in the spec): GET = token state without starting it, DELETE = stop token generation. */
  linkToken: '/v1/edge-mgmt/edgehosts/current/link/token',
  uploadContent: '/v1/edge-mgmt/edgehosts/current/actions/upload-content',
  uploadClusterConfig: '/v1/edge-mgmt/edgehosts/current/actions/upload-clusterconfig',
  uploadedContent: '/v1/edge-mgmt/edgehosts/current/uploaded-content/details',
  cluster: '/v1/edge-mgmt/cluster',
  clusterDetails: '/v1/edge-mgmt/cluster/details',
  contentSyncStatus: '/v1/edge-mgmt/cluster/registry/content/sync-status/details',
} as const;

export interface V1Error {
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
  ref?: string;
}

/** @public The login body (spec `v1AuthLogin`), kept to document the Local API. */
export interface V1AuthLogin {
  username?: string;
  password?: string;
}

export interface V1UserToken {
  Authorization?: string;
}

export interface V1LoginSuccess {
  IsFirstLogin?: boolean;
  Token?: V1UserToken;
}

export interface V1Ping {
  msg?: string;
}

export type ManagementMode = 'central' | 'local';
export type ConnectionMode = 'connected' | 'airgap';

export interface V1Settings {
  installationMode?: ConnectionMode;
  managementMode?: ManagementMode;
  featureFlags?: Record<string, boolean>;
}

export interface V1MetaData {
  id?: string;
  name?: string;
  labels?: Record<string, string>;
  creationTimestamp?: string;
  lastModifiedTimestamp?: string;
}

export interface V1Nic {
  ip?: string;
  macAddr?: string;
  nicName?: string;
  isDefault?: boolean;
  gateway?: string;
  subnet?: string;
  dns?: string[];
  [key: string]: unknown;
}

export interface V1OS {
  family?: string;
  kernel?: string;
  kernelVersion?: string;
  version?: string;
}

export interface V1EdgeHostInfo {
  metadata?: V1MetaData;
  spec?: {
    connectionMode?: ConnectionMode;
    managementMode?: ManagementMode;
    nodeRole?: NodeRole;
    hostInfo?: { hostState?: string; hostType?: string; secureBoot?: boolean };
    hardwareSpec?: { archType?: string; os?: V1OS; [key: string]: unknown };
    networkInfo?: V1Nic[];
    paletteEndpointURL?: string;
    [key: string]: unknown;
  };
  status?: {
    agentVersion?: string;
    hostName?: string;
    isClusterPhase?: boolean;
    [key: string]: unknown;
  };
}

/**
 * Project decisions where the spec is silent (see README "Local API decisions"):
 * - deployment mode travels in `spec.hostInfo.hostType` ('appliance' | 'agent') and in the mDNS TXT `mode`;
 * - multi-node is the settings feature flag `enableMultiNode`; local management is `managementMode: 'local'`.
 */
/** @public Kept to document the decision above; the code reads `hostType` as text. */
export type DeploymentMode = 'appliance' | 'agent';
export const MULTI_NODE_FLAG = 'enableMultiNode';
export const MDNS_SERVICE_TYPE = 'palette-edge';

export type NodeRole = 'init' | 'controlplane' | 'worker' | 'unknown';
export type LinkStatusWord = 'Pending' | 'InProgress' | 'Completed' | 'Failed';

/** @public Project decision (local-api-notes.md): role words on peers. */
export type PeerRole = 'leader' | 'follower';
/** Project decision: the states the page shows. */
export type HostState = 'Ready' | 'In-Use';

export interface V1Health {
  status?: 'Healthy' | 'Unhealthy';
  reason?: string;
}

export interface V1LinkPeer {
  id?: string;
  ip?: string;
  localUIPort?: string;
  role?: string;
  status?: string;
  nodeRole?: NodeRole;
  health?: V1Health;
  contentSyncStatus?: string;
  config?: V1EdgeHostInfo;
  overlayIP?: string;
}

export interface V1LinkStatus {
  status?: LinkStatusWord;
  errorMessage?: string;
  peers?: V1LinkPeer[];
}

export interface V1LinkToken {
  token?: string;
  interval?: number;
  remainingTime?: number;
}

export interface V1AcceptedResponseWithMessage {
  message?: string;
}

export interface UploadResponse {
  message?: string;
  uploadPath?: string;
}

export interface V1UploadedContentDetails {
  fileName?: string;
  sha256Hash?: string;
  sizeInBytes?: number;
  sizeInMiB?: number;
  sizeInGiB?: number;
  uploadDateTime?: string;
}

export interface V1HarborContentSyncStatus {
  contentType?: 'image' | 'artifact' | 'chart' | 'pack';
  creationTimestamp?: string;
  lastSyncTimestamp?: string;
  msg?: string;
  name?: string;
  size?: string;
  source?: string;
  status?: 'pending' | 'completed' | 'failed';
  target?: string;
  version?: string;
}

export interface V1HarborContentsSyncStatus {
  pendingItems?: V1HarborContentSyncStatus[];
  errors?: Record<string, string>;
  statusMessage?: string;
}

export type ClusterState = 'Provisioning' | 'Running' | 'Deleting' | 'Error';

/**
 * Project decision: what the simulator puts in a link token (base64 of this JSON).
 * Real tokens may be opaque or encrypted; the console must only ever *try* to decode one.
 */
export interface SimulatedTokenPayload {
  ip: string;
  port: number;
  otp: string;
  id?: string;
  /**
   * SHA-256 fingerprint of the leader's certificate DER, upper-case hex pairs joined by colons (the format of
   * Node's `X509Certificate.fingerprint256`). A follower refuses a leader whose certificate does not match.
   */
  fp?: string;
}

/** `GET /v1/edge-mgmt/cluster/details` (v1Cluster), the part the console reads. */
export interface V1ClusterHost {
  hostID?: string;
  hostName?: string;
  hostAddress?: string;
  [key: string]: unknown;
}

export interface V1Cluster {
  metadata?: V1MetaData;
  spec?: {
    hostIDs?: string[];
    nodePools?: { pool?: { name?: string; isControlPlane?: boolean; archType?: string }; hosts?: V1ClusterHost[] }[];
    [key: string]: unknown;
  };
  status?: {
    clusterState?: ClusterState;
    clusterStateReason?: string;
    health?: V1Health;
    [key: string]: unknown;
  };
}
