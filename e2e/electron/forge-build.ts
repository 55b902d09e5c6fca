// Builds what `electron-forge package` builds (main, preload, renderer) with Forge's own Vite plugin configuration
// and config generator, and stops there: no Electron binary is needed. Used by the Electron end-to-end tests (to get
// an app to launch) and by `npm run check:electron` (to prove the bundles build and to inspect the preload).
import path from 'node:path';
import { build, type InlineConfig } from 'vite';

// Vite warns that configs importing extension-less TypeScript will need changes under a future config loader; that
// is Vite's roadmap, not something this build can act on.
process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
import forgeConfig from '../../forge.config';

export type ForgeTarget = 'main' | 'preload' | 'renderer';

export interface ForgeBuildOptions {
  projectDir: string;
  targets: readonly ForgeTarget[];
  /** Where main and preload go; default Forge's own `.vite/build`. */
  outDir?: string;
}

interface VitePluginLike {
  name: string;
  config: { build: Array<{ entry: string; config: string; target?: 'main' | 'preload' }>; renderer: Array<{ name: string; config: string }> };
}

interface ConfigGenerator {
  getBuildConfigs(): Promise<InlineConfig[]>;
  getRendererConfig(): Promise<InlineConfig[]>;
}

export async function forgeViteBuild(options: ForgeBuildOptions): Promise<{ outDir: string }> {
  const plugin = (forgeConfig.plugins as unknown as VitePluginLike[]).find((p) => p.name === 'vite');
  if (!plugin) throw new Error('forge.config.ts has no Vite plugin.');
  const generatorModule = (await import('@electron-forge/plugin-vite/dist/ViteConfig.js' as string)) as {
    default: { default?: new (...args: unknown[]) => ConfigGenerator } & (new (...args: unknown[]) => ConfigGenerator);
  };
  const Generator = generatorModule.default.default ?? generatorModule.default;

  // Forge resolves the config paths against the working directory, as it does under `electron-forge package`.
  const previous = process.cwd();
  process.chdir(options.projectDir);
  try {
    const wanted = (target: ForgeTarget) => options.targets.includes(target);
    const bundles = plugin.config.build.filter((b) => wanted(b.target ?? 'main'));
    const generator = new Generator({ ...plugin.config, build: bundles }, options.projectDir, true);
    const outDir = options.outDir ?? path.join(options.projectDir, '.vite', 'build');
    const configs = bundles.length ? await generator.getBuildConfigs() : [];
    // One after another: two cores, and the main bundle is the heavy one.
    for (const config of configs) {
      await build({ configFile: false, logLevel: 'warn', ...config, build: { ...config.build, outDir, emptyOutDir: false } });
    }
    if (wanted('renderer')) {
      for (const config of await generator.getRendererConfig()) await build({ configFile: false, logLevel: 'warn', ...config });
    }
    return { outDir };
  } finally {
    process.chdir(previous);
  }
}
