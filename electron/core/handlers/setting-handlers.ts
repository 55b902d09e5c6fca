// Commands about the app, settings and credentials. These change how the runtime itself works (its settings file,
// its credential store, who logs in again), so they are mapped onto the runtime's own methods for that, and onto
// the context to name a host; nothing else of the runtime is reachable from here.
import os from 'node:os';
import type { Handlers } from '../../../shared/contract';
import type { CoreRuntime } from '../runtime';

type RuntimeSettings = Pick<CoreRuntime, 'settings' | 'settingsChanged' | 'credentials' | 'credentialsChanged' | 'context'>;

type SettingCommands =
  'app.info' | 'settings.get' | 'settings.set' | 'credentials.status' | 'credentials.setSite' | 'credentials.setHost' | 'credentials.clearHost';

export function settingHandlers(
  rt: RuntimeSettings,
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

    'settings.get': async () => rt.settings.get(),
    'settings.set': async (change) => {
      const before = rt.settings.get();
      const after = await rt.settings.update(change);
      await rt.settingsChanged(before, after);
      return after;
    },

    'credentials.status': async () => rt.credentials.status(),
    'credentials.setSite': async ({ username, password }) => {
      await rt.credentials.setSite({ username, password });
      rt.credentialsChanged('site');
      return rt.credentials.status();
    },
    'credentials.setHost': async ({ hostId, username, password }) => {
      const e = rt.context.entries.require(hostId);
      await rt.credentials.setHost(e.key, { username, password });
      rt.credentialsChanged(e);
      return rt.credentials.status();
    },
    'credentials.clearHost': async ({ hostId }) => {
      const e = rt.context.entries.require(hostId);
      await rt.credentials.clearHost(e.key);
      rt.credentialsChanged(e);
      return rt.credentials.status();
    },
  };
}
