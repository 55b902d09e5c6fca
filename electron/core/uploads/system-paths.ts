// Folders a bundle never comes from. uploads.check and uploads.start refuse anything in them, also through a
// symbolic link, before a byte is read: the renderer (or a script over the bridge) must not be able to read or
// probe the system's own files, e.g. /etc/shadow, through Fieldlink.
import { realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const POSIX_SYSTEM = ['/etc', '/proc', '/sys', '/dev', '/boot', '/root', '/run', '/var/run', '/private/etc', '/private/var/db', '/System'];

function windowsSystem(): string[] {
  const root = process.env.SystemRoot ?? process.env.windir ?? 'C:\\Windows';
  return [root, 'C:\\Windows', '\\\\.\\', '\\\\?\\GLOBALROOT'];
}

function inside(file: string, folder: string, win: boolean): boolean {
  const [f, d] = win ? [file.toLowerCase(), folder.toLowerCase()] : [file, folder];
  const sep = win ? '\\' : '/';
  return f === d || f.startsWith(d.endsWith(sep) ? d : d + sep);
}

/** The system folder `file` lies in (as given or once its links are followed), or null. */
export async function systemFolderOf(file: string, platform: NodeJS.Platform = process.platform): Promise<string | null> {
  const win = platform === 'win32';
  const p = win ? path.win32 : path.posix;
  const home = os.homedir();
  // A technician working as root keeps bundles in /root: their own home is never a system folder.
  const folders = (win ? windowsSystem() : POSIX_SYSTEM).filter((d) => !inside(home, d, win));
  const candidates = [p.resolve(file)];
  try {
    candidates.push(await realpath(file));
  } catch {
    /* missing or unreadable: the checks after this one say so */
  }
  for (const candidate of candidates) {
    const found = folders.find((d) => inside(candidate, d, win));
    if (found) return found;
  }
  return null;
}

export function systemFolderMessage(name: string, folder: string): string {
  return `${name} is in ${folder}, a system folder: Fieldlink does not read files there. Copy the bundle to your own folders (e.g. Downloads) and choose it there.`;
}
