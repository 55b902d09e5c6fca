// The packaging configuration, checked here because neither Forge's packager nor electron-builder can run on a
// machine without an Electron binary: the builder file passes electron-builder's own schema validation, both
// packagers burn the same fuses and write the same macOS Info.plist entries, and the icons exist at the sizes the
// packagers want.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import forgeConfig, { ignoreForPackaging } from '../../forge.config';
import { electronBuilderFuses, fieldlinkFuses } from './fuses';
import { macInfo } from './mac-info';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function builderConfig(): Promise<Record<string, any>> {
  // electron-builder's own loader and validator (app-builder-lib ships them as CommonJS).
  const { getConfig, validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js' as string)) as {
    getConfig(dir: string, file: string, extra: null): Promise<Record<string, any>>;
    validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
  };
  const config = await getConfig(root, 'electron-builder.yml', null);
  await validateConfiguration(config, { isEnabled: false, add() {} });
  return config;
}

function pngSize(file: string): { width: number; height: number } {
  const data = readFileSync(file);
  expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('electron-builder configuration', () => {
  it("passes electron-builder's schema and builds AppImage, deb, NSIS and dmg", async () => {
    const config = await builderConfig();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  }, 20_000);

  it('burns the same fuses as Forge', async () => {
    expect((await builderConfig()).electronFuses).toEqual(electronBuilderFuses({ e2e: false }));
  }, 20_000);

  it('declares why it uses the local network and which Bonjour service it browses (macOS 15+)', async () => {
    const config = await builderConfig();
    expect(config.mac.extendInfo).toEqual(macInfo);
    expect(macInfo.NSBonjourServices).toEqual(['_palette-edge._tcp']);
    expect(macInfo.NSLocalNetworkUsageDescription).toMatch(/local|site network/i);
  }, 20_000);

  it('packs the Vite output and the built renderer, and no node_modules', async () => {
    const config = await builderConfig();
    // The loader normalises `files` into [{ filter: [...] }].
    const patterns = (config.files as Array<string | { filter: string[] }>).flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    expect(patterns).toEqual(expect.arrayContaining(['package.json', '.vite/build/**', 'dist/renderer/**', '!node_modules/**']));
  }, 20_000);

  it('keeps the production dependencies out of app.asar: the beforeBuild hook tells electron-builder they are handled', async () => {
    const config = await builderConfig();
    expect(config.beforeBuild).toBe('build/before-build.cjs');
    const { createRequire } = await import('node:module');
    const hook = createRequire(import.meta.url)(path.join(root, 'build', 'before-build.cjs')) as () => Promise<boolean>;
    await expect(hook()).resolves.toBe(false);
  }, 20_000);

  it("runs the beforeBuild hook through electron-builder's own Packager, which then leaves node_modules out", async () => {
    // app-builder-lib's Packager.installAppDependencies, called on a stand-in `this` with the real loaded config:
    // it returns early on `npmRebuild: false` BEFORE it calls beforeBuild (packager.js in 26.x), so that setting
    // would pack node_modules after all. What it records is what the copier reads (areNodeModulesHandledExternally).
    const config = await builderConfig();
    expect(config.npmRebuild).not.toBe(false);
    const { Packager } = (await import('app-builder-lib/out/packager.js' as string)) as {
      Packager: { prototype: { installAppDependencies(this: unknown, platform: unknown, arch: number): Promise<void> } };
    };
    const areNodeModulesHandledExternally = Object.getOwnPropertyDescriptor(Packager.prototype, 'areNodeModulesHandledExternally')!.get!;
    const packager = {
      options: {},
      framework: { isNpmRebuildRequired: true, version: '41.0.0' },
      config,
      appInfo: { type: 'commonjs' },
      appDir: root,
      getWorkspaceRoot: async () => root,
      _nodeModulesHandledExternally: false,
    };
    const cwd = process.cwd();
    process.chdir(root);
    try {
      await Packager.prototype.installAppDependencies.call(packager, { nodeName: process.platform }, 1);
    } finally {
      process.chdir(cwd);
    }
    expect(areNodeModulesHandledExternally.call(packager)).toBe(true);
  }, 20_000);

  it('adds a Windows firewall rule for mDNS answers on private networks only, and removes it on uninstall', async () => {
    const config = await builderConfig();
    expect(config.nsis.include).toBe('build/installer.nsh');
    const script = readFileSync(path.join(root, 'build', 'installer.nsh'), 'utf8');
    expect(script).toMatch(/!macro customInstall[\s\S]*protocol=UDP localport=5353 profile=private[\s\S]*!macroend/);
    expect(script).not.toMatch(/profile=(public|any)/);
    expect(script).toMatch(/!macro customUnInstall[\s\S]*delete rule[\s\S]*!macroend/);
  }, 20_000);

  it('finds its icons at the sizes the packagers want', async () => {
    const config = await builderConfig();
    expect(pngSize(path.join(root, 'build/icon.png'))).toEqual({ width: 512, height: 512 });
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(path.join(root, `build/icons/${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
    expect(readFileSync(path.join(root, config.win.icon)).readUInt16LE(2)).toBe(1); // ICO type: icon
    expect(readFileSync(path.join(root, config.mac.icon)).subarray(0, 4).toString('ascii')).toBe('icns');
  }, 20_000);
});

describe('Forge configuration', () => {
  const plugins = forgeConfig.plugins as unknown as Array<{ name: string; config?: any; fusesConfig?: any }>;

  it('builds main, preload and renderer with Vite from files that exist', () => {
    const vite = plugins.find((p) => p.name === 'vite')!;
    expect(vite.config.build.map((b: { target: string }) => b.target)).toEqual(['main', 'preload']);
    for (const entry of [...vite.config.build, ...vite.config.renderer]) {
      if (entry.entry) expect(existsSync(path.join(root, entry.entry))).toBe(true);
      expect(existsSync(path.join(root, entry.config))).toBe(true);
    }
  });

  it('burns the release fuses unless FIELDLINK_E2E_BUILD=1', () => {
    const fuses = plugins.find((p) => p.name === 'fuses')!.fusesConfig;
    expect(fuses).toMatchObject({ version: '1', ...fieldlinkFuses({ e2e: process.env.FIELDLINK_E2E_BUILD === '1' }) });
    expect(fuses[FuseV1Options.RunAsNode]).toBe(false);
  });

  it('writes the macOS local-network entries too', () => {
    expect(forgeConfig.packagerConfig?.extendInfo).toEqual(macInfo);
  });

  it('packages only the Vite output, the renderer and the window icon', () => {
    const kept = ['', '/package.json', '/.vite', '/.vite/build/main.cjs', '/dist', '/dist/renderer/index.html', '/build', '/build/icon.png'];
    const dropped = [
      '/node_modules',
      '/node_modules/zod/index.js',
      '/electron',
      '/electron/main.ts',
      '/src',
      '/build/icon.icns',
      '/dist/other',
      '/.git',
      '/README.md',
    ];
    for (const file of kept) expect(ignoreForPackaging(file), file).toBe(false);
    for (const file of dropped) expect(ignoreForPackaging(file), file).toBe(true);
  });

  it("points package.json main at the Vite main bundle that Forge's plugin expects", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main?: string };
    expect(pkg.main).toBe('.vite/build/main.cjs');
  });
});
