// Decides, before a single byte leaves the console, whether a file can be uploaded and to which endpoint: a file a
// host cannot use would otherwise cost minutes of transfer for a failure the console could have seen at once.
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileCheck } from '../../../shared/contract';
import { paths } from '../../../shared/local-api/types';
import { formatBytes } from './format';
import { systemFolderMessage, systemFolderOf } from './system-paths';

export type UploadKind = 'content' | 'clusterconfig';

export const UPLOAD_PATH: Record<UploadKind, string> = {
  content: paths.uploadContent,
  clusterconfig: paths.uploadClusterConfig,
};

/** What the file was when it was checked: the upload refuses a file that no longer matches it. */
export interface FileIdentity {
  size: number;
  dev: number;
  ino: number;
  mtimeMs: number;
}

export interface InspectedFile {
  check: FileCheck;
  /** Set only when the file can be uploaded (check.error is null). */
  identity: FileIdentity | null;
}

/** A signature is a few KiB; anything far larger is almost surely the wrong file picked. */
export const MAX_SIGNATURE_BYTES = 1024 * 1024;
/** The hosts keep at most this much of a name (and a longer one would fail verification after the whole upload). */
const MAX_NAME_LENGTH = 200;

const KINDS: { suffix: string; kind: UploadKind }[] = [
  { suffix: '.tar.zst', kind: 'content' },
  { suffix: '.zst', kind: 'content' },
  { suffix: '.tar.gz', kind: 'clusterconfig' },
  { suffix: '.tgz', kind: 'clusterconfig' },
];

export function kindOfName(name: string): UploadKind | null {
  const lower = name.toLowerCase();
  return KINDS.find((k) => lower.endsWith(k.suffix) && lower.length > k.suffix.length)?.kind ?? null;
}

/**
 * zstd frames start with 28 B5 2F FD; multi-threaded compressors (pzstd) may open with a skippable frame,
 * 5? 2A 4D 18, before the first real one.
 */
function looksLikeZstd(head: Buffer): boolean {
  if (head.length < 4) return false;
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return true;
  return (head[0]! & 0xf0) === 0x50 && head[1] === 0x2a && head[2] === 0x4d && head[3] === 0x18;
}

function looksLikeGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}

/** Why a file cannot be read, from the error its open or stat gave. */
export function cannotRead(name: string, err: unknown): string {
  switch (errorCode(err)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `${name} was not found. Check that the drive is plugged in and that the file is still there.`;
    case 'EACCES':
    case 'EPERM':
      return `${name} cannot be read: this computer does not allow Fieldlink to open it. Copy it somewhere you own, or change its permissions.`;
    case 'ELOOP':
      return `${name} is a link that points in a circle; choose the file itself.`;
    default:
      return `${name} cannot be read (${errorCode(err)}). Check the drive and try again.`;
  }
}

/** Reads the first bytes, which is also how "cannot be read" is found out (stat needs no read permission). */
async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function fail(file: string, name: string, size: number, kind: UploadKind | null, error: string): InspectedFile {
  return { check: { path: file, name, size, kind, error }, identity: null };
}

/** Inspects a bundle or cluster definition: type by name, then confirmed by its first bytes. */
export async function inspectFile(file: string): Promise<InspectedFile> {
  const name = path.basename(file) || file;
  if (!path.isAbsolute(file)) {
    return fail(file, name, 0, null, `Fieldlink needs the full path of ${name} (it was given "${file}").`);
  }
  const system = await systemFolderOf(file);
  if (system) return fail(file, name, 0, null, systemFolderMessage(name, system));
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    return fail(file, name, 0, null, cannotRead(name, err));
  }
  if (info.isDirectory()) return fail(file, name, 0, null, `${name} is a folder, not a file. Choose the bundle file itself.`);
  if (!info.isFile()) return fail(file, name, 0, null, `${name} is not an ordinary file (it is a device or a pipe); choose the bundle file itself.`);
  const kind = kindOfName(name);
  if (!kind) {
    return fail(file, name, info.size, null, `${name} is not a content bundle (.tar.zst, .zst) or a cluster definition (.tgz).`);
  }
  if (name.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
    return fail(file, name, info.size, kind, `The name of ${name.slice(0, 60)}… is too long or has control characters; rename the file and try again.`);
  }
  if (info.size === 0) {
    return fail(
      file,
      name,
      0,
      kind,
      `${name} is empty (0 bytes), so it cannot be a ${kind === 'content' ? 'content bundle' : 'cluster definition'}. Copy it again from where it came from.`,
    );
  }
  let head: Buffer;
  try {
    head = await readHead(file, 4);
  } catch (err) {
    return fail(file, name, info.size, kind, cannotRead(name, err));
  }
  if (kind === 'content' && !looksLikeZstd(head)) {
    return fail(
      file,
      name,
      info.size,
      kind,
      `${name} is named like a content bundle but is not a zstd archive (its first bytes are wrong): it looks damaged or is another file renamed. Nothing was sent.`,
    );
  }
  if (kind === 'clusterconfig' && !looksLikeGzip(head)) {
    return fail(
      file,
      name,
      info.size,
      kind,
      `${name} is named like a cluster definition but is not a gzip archive (its first bytes are wrong): it looks damaged or is another file renamed. Nothing was sent.`,
    );
  }
  return {
    check: { path: file, name, size: info.size, kind, error: null },
    identity: { size: info.size, dev: info.dev, ino: info.ino, mtimeMs: info.mtimeMs },
  };
}

/** A signature goes along as it is: it only has to be a readable, non-empty, small file. */
export async function inspectSignature(file: string): Promise<InspectedFile> {
  const name = path.basename(file) || file;
  if (!path.isAbsolute(file)) {
    return fail(file, name, 0, null, `Fieldlink needs the full path of the signature ${name} (it was given "${file}").`);
  }
  const system = await systemFolderOf(file);
  if (system) return fail(file, name, 0, null, `Signature: ${systemFolderMessage(name, system)}`);
  let info;
  try {
    info = await stat(file);
    // Read only once it is known to be a small regular file: opening a FIFO or a device could block or never end.
    if (info.isFile() && info.size > 0 && info.size <= MAX_SIGNATURE_BYTES) await readHead(file, 1);
  } catch (err) {
    return fail(file, name, 0, null, `Signature: ${cannotRead(name, err)}`);
  }
  if (!info.isFile()) return fail(file, name, 0, null, `The signature ${name} is not a file; choose the signature file itself.`);
  if (info.size === 0) return fail(file, name, 0, null, `The signature ${name} is empty (0 bytes). Copy it again from where it came from.`);
  if (info.size > MAX_SIGNATURE_BYTES) {
    return fail(
      file,
      name,
      info.size,
      null,
      `${name} is ${formatBytes(info.size)}, far too large to be a signature; choose the signature file that goes with the bundle.`,
    );
  }
  return {
    check: { path: file, name, size: info.size, kind: null, error: null },
    identity: { size: info.size, dev: info.dev, ino: info.ino, mtimeMs: info.mtimeMs },
  };
}
