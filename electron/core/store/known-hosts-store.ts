// Hosts met before (hosts.json), so the console starts with them listed (offline until they answer) and keeps
// their last-seen time. Holds no secrets: names, addresses, ids and the facts last read.
import path from 'node:path';
import { isIPv4 } from 'node:net';
import { z } from 'zod';
import { endpointKey } from '../util/address';
import { MergedJsonFile, readJsonValidated, type StoreProblem } from './atomic-json';

const source = z.enum(['mdns', 'manual', 'peer', 'token', 'probe']);
const shortText = z.string().max(200).nullable().catch(null);

const knownHostSchema = z.object({
  key: z.string().min(1).max(200),
  confirmedId: z.string().max(200).nullable().catch(null),
  claimedId: z.string().max(200).nullable().catch(null),
  name: shortText,
  // The address becomes a connect target and a Local UI origin: only an IPv4 address is taken back from disk.
  address: z
    .string()
    .min(1)
    .max(100)
    .refine((a) => isIPv4(a)),
  port: z.number().int().min(1).max(65535),
  sources: z.array(source).max(5).catch([]),
  lastSeen: z.number().nullable().catch(null),
  pinned: z.boolean().catch(false),
  facts: z
    .object({
      mode: shortText,
      os: shortText,
      agentVersion: shortText,
      state: shortText,
      managementMode: shortText,
    })
    .partial()
    .nullable()
    .catch(null),
});
export type KnownHost = z.infer<typeof knownHostSchema>;

const fileSchema = z.object({
  version: z.literal(1),
  // A single bad record is dropped, not the whole list.
  hosts: z
    .array(z.unknown())
    .max(5000)
    .transform((items) =>
      items.flatMap((item) => {
        const parsed = knownHostSchema.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      }),
    ),
});

export class KnownHostsStore {
  private readonly file: MergedJsonFile<z.infer<typeof fileSchema>>;

  constructor(
    stateDir: string,
    private readonly onProblem: (p: StoreProblem) => void,
    lockWaitMs?: number,
  ) {
    this.file = new MergedJsonFile(
      path.join(stateDir, 'hosts.json'),
      fileSchema,
      () => ({ version: 1 as const, hosts: [] }),
      onProblem,
      'the record of hosts met before',
      lockWaitMs,
    );
  }

  async load(): Promise<KnownHost[]> {
    const data = await readJsonValidated(this.file.file, fileSchema, () => ({ version: 1 as const, hosts: [] }), this.onProblem);
    return data.hosts;
  }

  /**
   * Saves this process's hosts over the file as it is now: a host another process saved meanwhile is kept unless
   * it is one of ours (same key, address or id) or one this process forgot or re-keyed (`removedKeys`).
   */
  save(hosts: KnownHost[], removedKeys: ReadonlySet<string> = new Set()): Promise<void> {
    const keys = new Set(hosts.flatMap((h) => [h.key, endpointKey(h), ...(h.confirmedId ? [h.confirmedId] : [])]));
    return this.file.update((current) => {
      const theirs = current.hosts.filter((h) => !keys.has(h.key) && !keys.has(endpointKey(h)) && !removedKeys.has(h.key) && !removedKeys.has(endpointKey(h)));
      return { version: 1, hosts: [...hosts, ...theirs].slice(0, 5000) };
    });
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  /** Saves what is pending and takes no further changes to the file (the core is closing). */
  close(): Promise<void> {
    return this.file.close();
  }
}
