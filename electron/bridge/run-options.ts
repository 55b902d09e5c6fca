// Defaults shared by `serve` and the CLI, so both find the same state and read the same environment.
import os from 'node:os';
import path from 'node:path';

/** FIELDLINK_STATE_DIR, else the per-user config folder of the platform. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FIELDLINK_STATE_DIR) return path.resolve(env.FIELDLINK_STATE_DIR);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Fieldlink');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Fieldlink');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'fieldlink');
}

/** --mdns-interface, else FIELDLINK_MDNS_INTERFACE (comma-separated IPv4 addresses), else the saved setting. */
export function mdnsInterfacesFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const value = flag ?? env.FIELDLINK_MDNS_INTERFACE;
  if (!value) return undefined;
  const list = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
}

/** Site credentials from flags or FIELDLINK_USER / FIELDLINK_PASSWORD; null unless both are known. */
export function credentialsFrom(
  flags: { user?: string; password?: string },
  env: NodeJS.ProcessEnv = process.env,
): { username: string; password: string } | null {
  const username = flags.user ?? env.FIELDLINK_USER;
  const password = flags.password ?? env.FIELDLINK_PASSWORD;
  return username && password ? { username, password } : null;
}
