// An mDNS answer is untrusted input: anyone on the link can send one. This turns a bonjour-service Service into an
// Observation, or says why it was rejected. Nothing in it is interpreted; names are cleaned and bounded.
import { isIPv4 } from 'node:net';
import { z } from 'zod';
import { MDNS_SERVICE_TYPE } from '../../../shared/local-api/types';
import type { Observation } from '../hosts/entry';
import { validPort } from '../util/address';
import { cleanName, HOST_ID_PATTERN } from '../util/text';

const serviceSchema = z.looseObject({
  name: z.string().max(1024).optional().catch(undefined),
  type: z.string().max(255).optional().catch(undefined),
  protocol: z.string().max(10).optional().catch(undefined),
  port: z.unknown(),
  addresses: z.array(z.unknown()).max(64).optional().catch(undefined),
  referer: z.looseObject({ address: z.unknown() }).optional().catch(undefined),
  txt: z.unknown(),
});

/** TXT values as text: bonjour-service gives strings, or Buffers in binary mode; anything else is dropped. */
function txtValues(txt: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!txt || typeof txt !== 'object' || Array.isArray(txt)) return out;
  for (const [key, value] of Object.entries(txt).slice(0, 64)) {
    const k = key.toLowerCase().slice(0, 32);
    if (typeof value === 'string') out[k] = value.slice(0, 1024);
    else if (Buffer.isBuffer(value)) out[k] = value.subarray(0, 1024).toString('utf8');
  }
  return out;
}

/**
 * The host's address: an A record (the host's own address) is preferred, the sender of the packet otherwise
 * (a responder may answer for hosts on other addresses, so the sender is only a fallback).
 */
function pickAddress(addresses: unknown[] | undefined, referer: unknown): string | null {
  const v4 = (addresses ?? []).filter((a): a is string => typeof a === 'string' && isIPv4(a));
  const from = typeof referer === 'string' && isIPv4(referer) ? referer : null;
  if (from && v4.includes(from)) return from;
  return v4.find((a) => a !== '0.0.0.0' && !a.startsWith('169.254.')) ?? from;
}

/** A rejected record: why, and (cleaned, for the log) who sent it and what it called itself. */
export interface Rejected {
  ok: false;
  reason: string;
  from: string | null;
  name: string | null;
}

export type TxtResult = { ok: true; observation: Observation } | Rejected;

export function serviceToObservation(service: unknown): TxtResult {
  const parsed = serviceSchema.safeParse(service);
  if (!parsed.success) return { ok: false, reason: 'not a service record', from: null, name: null };
  const s = parsed.data;
  const sender = s.referer?.address;
  const reject = (reason: string): Rejected => ({
    ok: false,
    reason,
    from: typeof sender === 'string' && isIPv4(sender) ? sender : null,
    name: cleanName(s.name) ?? null,
  });
  if ((s.type ?? '').toLowerCase() !== MDNS_SERVICE_TYPE || (s.protocol ?? 'tcp') !== 'tcp') return reject('another service type');
  const port = validPort(s.port);
  if (port === null) return reject('no valid port');
  const address = pickAddress(s.addresses, sender);
  if (!address) return reject('no IPv4 address');
  const txt = txtValues(s.txt);
  // An id that is present but malformed is a lie or a fault: such a record is not trusted at all.
  let claimedId: string | null = null;
  if (txt.id !== undefined) {
    if (!HOST_ID_PATTERN.test(txt.id)) return reject('TXT id is not an edge host id');
    claimedId = txt.id;
  }
  const mode = txt.mode === 'appliance' || txt.mode === 'agent' ? txt.mode : null;
  return {
    ok: true,
    observation: { address, port, source: 'mdns', claimedId, name: cleanName(txt.name) ?? cleanName(s.name), mode },
  };
}
