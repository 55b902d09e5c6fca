// What a host says it stores (uploaded-content/details: the *last* upload of either kind), and the sha256 of a
// bundle on this computer. Together they decide whether a plan's bundle is already on its leader, so an apply run
// twice uploads nothing the second time.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { ConsoleError } from '../../../shared/errors';
import { paths } from '../../../shared/local-api/types';
import type { CoreContext } from '../context';
import { cleanText } from '../util/text';

const opt = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const detailsSchema = z.looseObject({
  fileName: opt(z.string().max(4096)),
  sha256Hash: opt(z.string().max(200)),
  sizeInBytes: opt(z.number().finite()),
  uploadDateTime: opt(z.string().max(100)),
});

export interface StoredContent {
  /** Untrusted host text: compare it raw, show it cleaned. */
  fileName: string;
  sha256: string;
  size: number | null;
  uploadedAt: string | null;
}

/** The host's last upload, or null when it holds none (or cannot say). Never throws but for a cancel. */
export async function storedContent(ctx: CoreContext, hostId: string, signal?: AbortSignal): Promise<StoredContent | null> {
  try {
    const details = await ctx.agentFor(hostId).json('GET', paths.uploadedContent, detailsSchema, 'show the uploaded content details', { signal });
    const sha = details.sha256Hash?.trim().toLowerCase();
    if (!details.fileName || !sha) return null;
    return { fileName: details.fileName, sha256: sha, size: details.sizeInBytes ?? null, uploadedAt: cleanText(details.uploadDateTime, 60) };
  } catch (err) {
    if (err instanceof ConsoleError && err.code === 'cancelled') throw err;
    return null;
  }
}

const hashes = new Map<string, { key: string; sha256: string }>();

/** sha256 of a local file, remembered while its size and modification time stay the same (bundles are GBs). */
export async function fileSha256(file: string, signal?: AbortSignal): Promise<string> {
  const info = await stat(file);
  const key = `${info.size}:${info.mtimeMs}:${info.ino}`;
  const cached = hashes.get(file);
  if (cached?.key === key) return cached.sha256;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024, signal })) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  hashes.set(file, { key, sha256 });
  return sha256;
}

/** A follower's sync word that means it holds the leader's content ('Completed' in the full API, 'Synced' on hosts). */
export function syncDone(word: string | null | undefined): boolean {
  return !!word && /^(completed|synced)\b/i.test(word.trim());
}

export function syncFailed(word: string | null | undefined): boolean {
  return !!word && /^(failed|error)/i.test(word.trim());
}
