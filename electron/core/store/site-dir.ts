// Sites: the hosts met, their pinned certificates, credentials, the record of leaders made and the action log of
// one site live in a folder of their own, <state>/sites/<name>/, so a laptop carried from site to site never mixes
// them (a demo's hosts included). No site named = the state folder itself, as before sites existed. Secrets follow:
// a site's passwords are kept under keys of their own in the vault.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ConsoleError } from '../../../shared/errors';
import type { Vault } from '../vault';

const SITE_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
/** Names Windows keeps for devices: a folder named so cannot be made there. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/;

/**
 * The site's folder name: lower case, spaces and other signs turned into dashes ("Plant 7" → "plant-7"), or a
 * ConsoleError a technician can act on.
 */
export function siteName(name: string): string {
  const canonical = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    // A trailing dot is dropped by Windows, so "plant." and "plant" would share one folder.
    .replace(/^-+|[-.]+$/g, '');
  if (!SITE_NAME.test(canonical) || canonical.includes('..') || WINDOWS_DEVICE.test(canonical)) {
    throw new ConsoleError(
      'invalid-input',
      `"${name.slice(0, 60)}" cannot be a site name: use up to 63 letters, digits, dots, dashes or underscores, starting with a letter or digit (e.g. plant-7).`,
    );
  }
  return canonical;
}

export function siteStateDir(stateDir: string, site: string | undefined | null): string {
  return site ? path.join(stateDir, 'sites', siteName(site)) : stateDir;
}

/** The sites that have a folder under the state folder, sorted. */
export async function listSites(stateDir: string): Promise<string[]> {
  try {
    const entries = await readdir(path.join(stateDir, 'sites'), { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && SITE_NAME.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** The vault seen by one site: its keys carry the site's name, so two sites never share a password. */
export function siteVault(vault: Vault, site: string | undefined | null): Vault {
  if (!site) return vault;
  const prefix = `site:${siteName(site)}:`;
  return {
    ...(vault.persistent === undefined ? {} : { persistent: vault.persistent }),
    // A getter: the desktop's vault answers it afresh each time (see SafeStorageVault).
    get savesSecrets() {
      return vault.savesSecrets;
    },
    get: (key) => vault.get(prefix + key),
    set: (key, value) => vault.set(prefix + key, value),
    delete: (key) => vault.delete(prefix + key),
  };
}
