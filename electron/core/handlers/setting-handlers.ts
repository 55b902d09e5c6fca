// Commands about the app, settings and credentials, mapped onto the core's context (ctx.config changes settings and
// credentials, and makes the hosts they apply to log in again).
import os from 'node:os';
import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';

type SettingCommands =
  'app.info' | 'settings.get' | 'settings.set' | 'credentials.status' | 'credentials.setSite' | 'credentials.setHost' | 'credentials.clearHost';

export function settingHandlers(
  ctx: CoreContext,
  info: { version: string; bridge: 'electron' | 'browser' | 'cli'; stateDir: string; site?: string | null },
): Pick<Handlers, SettingCommands> {
  return {
    'app.info': async () => ({
      version: info.version,
      bridge: info.bridge,
      platform: `${os.platform()}-${os.arch()}`,
      stateDir: info.stateDir,
      site: info.site ?? null,
    }),
    'settings.get': async () => ctx.settings(),
    'settings.set': (change) => ctx.config.changeSettings(change),
    'credentials.status': async () => ctx.config.credentialStatus(),
    'credentials.setSite': ({ username, password }) => ctx.config.setSiteCredentials({ username, password }),
    'credentials.setHost': ({ hostId, username, password }) => ctx.config.setHostCredentials(hostId, { username, password }),
    'credentials.clearHost': ({ hostId }) => ctx.config.clearHostCredentials(hostId),
  };
}
