// What a host says it stores (uploaded-content/details: the *last* upload of either kind), and the sha256 of a
// bundle on this computer. Together they decide whether a plan's bundle is already on its leader, so an apply run
// twice uploads nothing the second time.
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { ConsoleError } from '../../../shared/errors';
import { paths } from '../../../shared/local-api/types';
import type { CoreContext } from '../context';
import { HashingFileReader } from '../uploads/hash-stream';
import { cleanText } from '../util/text';

const opt = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const detailsSchema = z.looseObject({
  fileName: opt(z.string().max(4096)),
  sha256Hash: opt(z.string().max(200)),
  sizeInBytes: opt(z.number().finite()),
  uploadDateTime: opt(z.string().max(100)),
});

const SHA256 = /^[0-9a-f]{64}$/i;

export interface StoredContent {
  /** Untrusted host text: compared raw with a local file name, never shown (see displayName). */
  fileName: string;
  /** fileName made printable and single-line, for reports and exported plans. */
  displayName: string;
  /** 64 lowercase hex digits: anything else from a host is not taken as a sha256. */
  sha256: string;
  size: number | null;
  uploadedAt: string | null;
}

/** The host's last upload, or null when it holds none (or cannot say). Never throws but for a cancel. */
export async function storedContent(ctx: CoreContext, hostId: string, signal?: AbortSignal): Promise<StoredContent | null> {
  try {
    const details = await ctx.agentFor(hostId).json('GET', paths.uploadedContent, detailsSchema, 'show the uploaded content details', { signal });
    return readStored(details);
  } catch (err) {
    if (err instanceof ConsoleError && err.code === 'cancelled') throw err;
    return null;
  }
}

/** The details a host answered, checked: a sha256 that is not one, or no name, means no content to go by. */
export function readStored(details: z.infer<typeof detailsSchema>): StoredContent | null {
  const sha = details.sha256Hash?.trim();
  const displayName = cleanText(details.fileName, 200);
  if (!details.fileName || !displayName || !sha || !SHA256.test(sha)) return null;
  const size = details.sizeInBytes !== undefined && Number.isSafeInteger(details.sizeInBytes) && details.sizeInBytes >= 0 ? details.sizeInBytes : null;
  return { fileName: details.fileName, displayName, sha256: sha.toLowerCase(), size, uploadedAt: cleanText(details.uploadDateTime, 60) };
}

/**
 * sha256 of local files, each remembered while it stays the same file with the same size and modification time:
 * bundles are GBs, and one apply looks at the same bundle several times (before, after each step, while waiting for
 * the sync), as does a check followed by an apply in the UI. Bounded: plans name a handful of bundles.
 */
const MAX_REMEMBERED = 64;
const hashes = new Map<string, string>();

export async function fileSha256(file: string, signal?: AbortSignal): Promise<string> {
  const info = await stat(file);
  const key = `${file}\0${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}`;
  const cached = hashes.get(key);
  if (cached) return cached;
  // The uploads' reader: it also refuses a file that changes while it is read, so no half-old hash is remembered.
  const reader = new HashingFileReader(file, { dev: info.dev, ino: info.ino, size: info.size, mtimeMs: info.mtimeMs });
  for await (const chunk of reader.chunks()) {
    void chunk;
    if (signal?.aborted) throw new ConsoleError('cancelled', 'Cancelled while reading the bundle.');
  }
  const sha256 = reader.digest();
  hashes.delete(key);
  hashes.set(key, sha256);
  if (hashes.size > MAX_REMEMBERED) hashes.delete(hashes.keys().next().value!);
  return sha256;
}

/** A follower's sync word that means it holds the leader's content ('Completed' in the full API, 'Synced' on hosts). */
export function syncDone(word: string | null | undefined): boolean {
  return !!word && /^(completed|synced)\b/i.test(word.trim());
}

export function syncFailed(word: string | null | undefined): boolean {
  return !!word && /^(failed|error)/i.test(word.trim());
}
