// After the host's 201: does it hold what was sent? Its uploaded-content/details (name, size, sha256) must match
// the file's name, its size, and the sha256 computed while the bytes were read; a 201 alone only says the request
// ended.
import { z } from 'zod';
import { ConsoleError } from '../../../shared/errors';
import { paths } from '../../../shared/local-api/types';
import type { AgentClient } from '../context';
import { cleanText } from '../util/text';
import { formatBytes } from './format';

const opt = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const detailsSchema = z.looseObject({
  fileName: opt(z.string().max(4096)),
  sha256Hash: opt(z.string().max(200)),
  sizeInBytes: opt(z.number().finite()),
});

export interface SentFile {
  fileName: string;
  size: number;
  sha256: string;
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

export async function verifyUpload(agent: AgentClient, hostName: string, sent: SentFile, signal?: AbortSignal): Promise<void> {
  const hostId = agent.labelInfo().hostId;
  let details: z.output<typeof detailsSchema>;
  try {
    details = await agent.json('GET', paths.uploadedContent, detailsSchema, 'show the uploaded content details', { signal, userInitiated: true });
  } catch (err) {
    if (err instanceof ConsoleError && err.code === 'cancelled') throw err;
    const why = err instanceof ConsoleError ? err.message : 'it did not answer';
    throw new ConsoleError(
      'verify-failed',
      `${sent.fileName} was sent, but Fieldlink could not check what ${hostName} stored: ${why} Upload it again to be sure.`,
      hostId,
    );
  }
  const theirHash = details.sha256Hash?.trim().toLowerCase();
  // Compared raw; cleaned only for the message (host text is untrusted).
  const theirName = cleanText(details.fileName, 200);
  const problems: string[] = [];
  if (details.fileName !== sent.fileName) {
    problems.push(theirName ? `it is named ${theirName} where yours is ${sent.fileName} (another upload may have replaced it)` : 'it reports no file name');
  }
  if (details.sizeInBytes !== sent.size) {
    problems.push(
      details.sizeInBytes === undefined
        ? 'it reports no size'
        : `it holds ${formatBytes(details.sizeInBytes)} (${details.sizeInBytes} bytes) where yours has ${sent.size} bytes`,
    );
  }
  if (theirHash !== sent.sha256) {
    problems.push(theirHash ? `its sha256 is ${short(theirHash)} where yours is ${short(sent.sha256)}` : 'it reports no sha256');
  }
  if (problems.length > 0) {
    throw new ConsoleError('verify-failed', `${hostName} stored a file that differs from yours (${problems.join('; ')}). Upload it again.`, hostId);
  }
}
