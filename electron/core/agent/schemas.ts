// Host answers, parsed leniently: unknown fields are kept (real agents add their own), missing ones are tolerated,
// and a field of the wrong type becomes "absent" instead of failing the whole answer. The `facts` helpers then turn
// them into the bounded, printable values the console works with.
import { isIPv4 } from 'node:net';
import { z } from 'zod';
import { MULTI_NODE_FLAG } from '../../../shared/local-api/types';
import { validPort } from '../util/address';
import { cleanName, cleanText, MAX_SHORT, validHostId } from '../util/text';

/** Optional, and absent rather than failing when the host sends the wrong type. */
const opt = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const str = opt(z.string().max(100_000));
const num = opt(z.number().finite());
const bool = opt(z.boolean());
/** Arrays are bounded so a hostile answer cannot make the console walk millions of items. */
const boundedArray = <T extends z.ZodType>(item: T, max: number) =>
  opt(
    z.array(z.unknown()).transform((items) =>
      items.slice(0, max).flatMap((i) => {
        const parsed = item.safeParse(i);
        return parsed.success ? [parsed.data as z.output<T>] : [];
      }),
    ),
  );

export const v1ErrorSchema = z.looseObject({ code: str, message: str });

export const loginSchema = z.looseObject({
  IsFirstLogin: bool,
  Token: opt(z.looseObject({ Authorization: str })),
});
export const renewalSchema = z.looseObject({ Authorization: str });

export const hostInfoSchema = z.looseObject({
  metadata: opt(z.looseObject({ id: str, name: str })),
  spec: opt(
    z.looseObject({
      managementMode: str,
      connectionMode: str,
      hostInfo: opt(z.looseObject({ hostState: str, hostType: str })),
      hardwareSpec: opt(z.looseObject({ os: opt(z.looseObject({ family: str, version: str })) })),
      networkInfo: boundedArray(z.looseObject({ ip: str }), 32),
    }),
  ),
  status: opt(z.looseObject({ agentVersion: str, hostName: str, isClusterPhase: bool })),
});

export const settingsSchema = z.looseObject({
  installationMode: str,
  managementMode: str,
  featureFlags: opt(z.record(z.string().max(200), z.unknown())),
});

const peerSchema = z.looseObject({
  id: str,
  ip: str,
  localUIPort: opt(z.union([z.string().max(10), z.number()])),
  role: str,
  status: str,
  nodeRole: str,
  health: opt(z.looseObject({ status: str, reason: str })),
  contentSyncStatus: str,
  config: opt(hostInfoSchema),
});

export const linkStatusSchema = z.looseObject({
  status: str,
  errorMessage: str,
  peers: boundedArray(peerSchema, 512),
});

export const linkTokenSchema = z.looseObject({ token: str, interval: num, remainingTime: num });
/** The token-state extension's answer: `{ generating: false }`, or `generating: true` with the token. */
export const tokenStateSchema = z.looseObject({ generating: bool, token: str, interval: num, remainingTime: num });

// ---------------------------------------------------------------------------------------------------------------

export interface HostFacts {
  /** The agent id when it has the expected form; `rawId` says whether the host sent anything at all. */
  id: string | null;
  rawId: boolean;
  name: string | null;
  state: string | null;
  mode: string | null;
  os: string | null;
  osFamily: string | null;
  osVersion: string | null;
  agentVersion: string | null;
  managementMode: string | null;
}

function osText(family: string | null, version: string | null): string | null {
  return family || version ? [family, version].filter(Boolean).join(' ') : null;
}

export function hostFacts(info: z.output<typeof hostInfoSchema>): HostFacts {
  const os = info.spec?.hardwareSpec?.os;
  const osFamily = cleanText(os?.family, MAX_SHORT);
  const osVersion = cleanText(os?.version, MAX_SHORT);
  return {
    id: validHostId(info.metadata?.id),
    rawId: typeof info.metadata?.id === 'string',
    name: cleanName(info.metadata?.name) ?? cleanName(info.status?.hostName),
    state: cleanText(info.spec?.hostInfo?.hostState, MAX_SHORT),
    mode: cleanText(info.spec?.hostInfo?.hostType, MAX_SHORT)?.toLowerCase() ?? null,
    os: osText(osFamily, osVersion),
    osFamily,
    osVersion,
    agentVersion: cleanText(info.status?.agentVersion, MAX_SHORT),
    managementMode: cleanText(info.spec?.managementMode, MAX_SHORT),
  };
}

export interface SettingsFacts {
  multiNode: boolean | null;
  managementMode: string | null;
  /** `airgap` or `connected` (an enum in the spec); null when the agent does not say. */
  installationMode: string | null;
}

export function settingsFacts(s: z.output<typeof settingsSchema>): SettingsFacts {
  const flag = s.featureFlags?.[MULTI_NODE_FLAG];
  return {
    multiNode: typeof flag === 'boolean' ? flag : flag === 'true' ? true : flag === 'false' ? false : null,
    managementMode: cleanText(s.managementMode, MAX_SHORT),
    installationMode: cleanText(s.installationMode, MAX_SHORT),
  };
}

export interface PeerFacts {
  id: string | null;
  name: string | null;
  address: string | null;
  port: number;
  role: string;
  status: string;
  health: 'Healthy' | 'Unhealthy' | null;
  healthReason: string | null;
  contentSyncStatus: string | null;
}

export interface LinkFacts {
  status: string | null;
  errorMessage: string | null;
  peers: PeerFacts[];
}

/** The spec's link status words; an agent that writes them in another case ("completed") means the same. */
const LINK_WORDS = ['Pending', 'InProgress', 'Completed', 'Failed'];

function linkWord(raw: unknown): string | null {
  const text = cleanText(raw, MAX_SHORT);
  if (!text) return null;
  const key = text.replace(/[\s_-]/g, '').toLowerCase();
  return LINK_WORDS.find((w) => w.toLowerCase() === key) ?? text;
}

export function linkFacts(s: z.output<typeof linkStatusSchema>, defaultPort: number): LinkFacts {
  return {
    status: linkWord(s.status),
    errorMessage: cleanText(s.errorMessage),
    peers: (s.peers ?? []).map((p) => {
      const health = p.health?.status === 'Healthy' || p.health?.status === 'Unhealthy' ? p.health.status : null;
      return {
        id: validHostId(p.id),
        name: cleanName(p.config?.metadata?.name) ?? cleanName(p.config?.status?.hostName),
        address: typeof p.ip === 'string' && isIPv4(p.ip) ? p.ip : null,
        port: validPort(p.localUIPort) ?? defaultPort,
        role: cleanText(p.role, MAX_SHORT)?.toLowerCase() ?? '',
        status: cleanText(p.status, MAX_SHORT) ?? '',
        health,
        healthReason: cleanText(p.health?.reason),
        contentSyncStatus: cleanText(p.contentSyncStatus, MAX_SHORT),
      };
    }),
  };
}

export interface TokenFacts {
  token: string;
  intervalSec: number;
  remainingSec: number;
}

/** A token is opaque (maybe encrypted), but it is still bounded and must be plain base64-ish text. */
export function tokenFacts(t: z.output<typeof linkTokenSchema>): TokenFacts | null {
  if (typeof t.token !== 'string' || t.token.length < 8 || t.token.length > 8192 || !/^[A-Za-z0-9+/=_.-]+$/.test(t.token)) return null;
  const clamp = (n: number | undefined, fallback: number) => (typeof n === 'number' && n >= 0 && n < 86_400 ? Math.round(n) : fallback);
  return { token: t.token, intervalSec: clamp(t.interval, 120), remainingSec: clamp(t.remainingTime, 0) };
}
