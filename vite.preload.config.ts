// The preload bundle. A sandboxed preload can require only 'electron' (and a few web-safe modules), so Forge's Vite
// plugin bundles everything else into one CommonJS file.
//
// shared/contract.ts is the only list of commands, but it builds those names from zod schemas. The preload needs
// the names and channels, not the schemas: validation happens in the main process (dispatch). So this config
// swaps the contract module, for the preload only, with a generated module holding the name lists and channel
// strings computed from the real contract when the bundle is built. One source of truth, no zod in the page's
// process, and a preload small enough to read. `npm run check:electron` verifies the bundle: it must require
// nothing but 'electron' and contain no zod.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { commandNames, eventNames, ipcChannel } from './shared/contract';

const CONTRACT_FILE = fileURLToPath(new URL('./shared/contract.ts', import.meta.url));
const VIRTUAL_ID = '\0fieldlink:contract-names';

/** The generated stand-in for shared/contract.ts: exactly the exports the preload uses. */
export function contractNamesModule(): string {
  const commandChannels = Object.fromEntries(commandNames.map((name) => [name, ipcChannel.command(name)]));
  const eventChannels = Object.fromEntries(eventNames.map((name) => [name, ipcChannel.event(name)]));
  return [
    '// Generated from shared/contract.ts by vite.preload.config.ts.',
    `export const commandNames = Object.freeze(${JSON.stringify(commandNames)});`,
    `export const eventNames = Object.freeze(${JSON.stringify(eventNames)});`,
    `const commandChannels = ${JSON.stringify(commandChannels)};`,
    `const eventChannels = ${JSON.stringify(eventChannels)};`,
    'export const ipcChannel = { command: (name) => commandChannels[name], event: (name) => eventChannels[name] };',
  ].join('\n');
}

export function contractNamesOnly(): Plugin {
  return {
    name: 'fieldlink:contract-names-only',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !/shared\/contract(\.ts)?$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && path.normalize(resolved.id) === path.normalize(CONTRACT_FILE) ? VIRTUAL_ID : null;
    },
    load(id) {
      return id === VIRTUAL_ID ? contractNamesModule() : null;
    },
  };
}

export default defineConfig({
  plugins: [contractNamesOnly()],
  build: {
    sourcemap: false,
    rollupOptions: {
      output: {
        // Same reason as main.cjs; Electron reads the preload as a script either way.
        entryFileNames: '[name].cjs',
      },
    },
  },
});
