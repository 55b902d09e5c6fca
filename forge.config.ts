// Electron Forge: Vite builds of the main process, the preload and the renderer, then a packaged app with its fuses
// burnt in (`npm run package`). Installers come from electron-builder (electron-builder.yml, `npm run dist`), which
// packs the same Vite output.
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { FuseVersion } from '@electron/fuses';
import { fieldlinkFuses, isE2eBuild } from './electron/shell/fuses';
import { macInfo } from './electron/shell/mac-info';

/** What goes into the app: the Vite output, the built renderer, the window icon. Nothing else from the project. */
const PACKAGED = ['/package.json', '/.vite', '/dist/renderer', '/build/icon.png'];

/** electron-packager's ignore filter: true drops a path. Parents of kept paths must stay so they are walked. */
export function ignoreForPackaging(file: string): boolean {
  if (!file) return false;
  return !PACKAGED.some((kept) => file === kept || file.startsWith(`${kept}/`) || kept.startsWith(`${file}/`));
}

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Fieldlink',
    executableName: 'fieldlink',
    appBundleId: 'dev.fieldlink.console',
    appCategoryType: 'public.app-category.utilities',
    // The packager adds .icns / .ico per platform.
    icon: 'build/icon',
    asar: true,
    extraResource: ['README.md'],
    // Setting our own filter keeps the Vite plugin from installing its '.vite only' one, which would drop the
    // renderer: it is built to dist/renderer so that `serve` and the desktop app load the very same files.
    ignore: ignoreForPackaging,
    extendInfo: macInfo,
  },
  rebuildConfig: {},
  makers: [],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'electron/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'electron/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
    new FusesPlugin({ version: FuseVersion.V1, ...fieldlinkFuses({ e2e: isE2eBuild(process.env) }) }),
  ],
};

export default config;
