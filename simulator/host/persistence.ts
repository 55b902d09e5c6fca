// A restarted site must come back as it was (ids, certificates, links, uploads); this is what is kept on disk.
import { readFile } from 'node:fs/promises';
import { CoalescedJsonFile } from '../../shared/node/atomic-file';
import { z } from 'zod';

/**
 * What a host keeps across restarts, in `<data>/<host>/state.json`. Everything else (sessions, link attempts,
 * peer health, sync progress) is rebuilt at run time, as an agent would after a reboot.
 */
const osSchema = z.object({ family: z.string(), version: z.string() });

export const profileSchema = z.object({
  mode: z.enum(['appliance', 'agent']),
  os: osSchema,
  multiNode: z.boolean(),
  managementMode: z.enum(['local', 'central']),
  agentVersion: z.string(),
});
export type HostProfile = z.infer<typeof profileSchema>;

export const memberSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  port: z.number().int(),
  /** Certificate of the member, so every member can call every other one over pinned HTTPS. */
  certPem: z.string(),
  fingerprint: z.string(),
});
export type GroupMember = z.infer<typeof memberSchema>;

export const clusterSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(['Provisioning', 'Running', 'Deleting', 'Error']),
  /** Host id -> node role in the cluster. */
  nodes: z.record(z.string(), z.enum(['controlplane', 'worker'])),
  createdAt: z.string(),
  /** The host that started the current transition (create or delete) and completes it. */
  actorId: z.string(),
});
export type ClusterRecord = z.infer<typeof clusterSchema>;

/**
 * A link group: the leader and its followers. Every member holds the same copy; `version` grows with every change
 * and the newest copy wins when members meet (heartbeat, check-in, push). The secret authenticates host-to-host
 * calls between members once the one-time password has done its job.
 */
export const groupSchema = z.object({
  id: z.string(),
  secret: z.string(),
  leaderId: z.string(),
  version: z.number().int(),
  members: z.array(memberSchema),
  cluster: clusterSchema.nullable(),
});
export type GroupSnapshot = z.infer<typeof groupSchema>;

export const uploadSchema = z.object({
  kind: z.enum(['content', 'clusterconfig']),
  fileName: z.string(),
  sha256Hash: z.string(),
  sizeInBytes: z.number().int(),
  uploadDateTime: z.string(),
  storedPath: z.string(),
});
export type UploadRecord = z.infer<typeof uploadSchema>;

export const stateSchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^edge-[0-9a-f]{32}$/),
  name: z.string(),
  createdAt: z.string(),
  address: z.string(),
  port: z.number().int(),
  macAddr: z.string(),
  profile: profileSchema,
  /** Signs session tokens, so sessions survive a restart like a real agent's JWTs. */
  sessionKey: z.string(),
  /** Set while the host generates link tokens (it is a leader); the OTP is derived from it and the clock. */
  leadership: z.object({ otpSecret: z.string(), startedAt: z.number() }).nullable(),
  group: groupSchema.nullable(),
  /** A cluster this host is in without being linked (a single-node cluster). Linked hosts keep it in `group`. */
  soloCluster: clusterSchema.nullable(),
  lastUpload: uploadSchema.nullable(),
});
export type PersistedState = z.infer<typeof stateSchema>;

export async function readState(file: string): Promise<PersistedState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const parsed = stateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a simulator host state: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The host's state file. Each save snapshots the value, since the host keeps mutating its own copy. */
export class AtomicJsonFile<T> extends CoalescedJsonFile<T> {
  override save(value: T): Promise<void> {
    return super.save(structuredClone(value));
  }
}

export { writeFileAtomic as writeAtomically } from '../../shared/node/atomic-file';
