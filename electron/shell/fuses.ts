// Electron fuses: switches burnt into the packaged binary. Shared by forge.config.ts, and checked against
// electron-builder.yml by a test, so both packagers ship the same binary.
import { FuseV1Options } from '@electron/fuses';

export interface FuseBuild {
  /**
   * End-to-end builds: Playwright's `_electron.launch` attaches through `--inspect`, so with the inspect fuse off it
   * waits for a debugger port that never opens and times out. Only those builds keep it on.
   */
  e2e: boolean;
}

export function fieldlinkFuses(build: FuseBuild): Record<FuseV1Options, boolean> {
  return {
    // ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node for anyone on the machine.
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    // NODE_OPTIONS and --inspect let another local process inject code into the main process.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: build.e2e,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // Pages come from the fieldlink:// scheme, never from file://, so file:// needs no extra powers.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** `FIELDLINK_E2E_BUILD=1` marks a package built for the Electron end-to-end tests. */
export function isE2eBuild(env: NodeJS.ProcessEnv): boolean {
  return env.FIELDLINK_E2E_BUILD === '1';
}

/** The same fuses under electron-builder's `electronFuses` names. */
export function electronBuilderFuses(build: FuseBuild): Record<string, boolean> {
  const fuses = fieldlinkFuses(build);
  return {
    runAsNode: fuses[FuseV1Options.RunAsNode],
    enableCookieEncryption: fuses[FuseV1Options.EnableCookieEncryption],
    enableNodeOptionsEnvironmentVariable: fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
    enableNodeCliInspectArguments: fuses[FuseV1Options.EnableNodeCliInspectArguments],
    enableEmbeddedAsarIntegrityValidation: fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
    onlyLoadAppFromAsar: fuses[FuseV1Options.OnlyLoadAppFromAsar],
    loadBrowserProcessSpecificV8Snapshot: fuses[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot],
    grantFileProtocolExtraPrivileges: fuses[FuseV1Options.GrantFileProtocolExtraPrivileges],
  };
}
