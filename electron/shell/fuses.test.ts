import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { electronBuilderFuses, fieldlinkFuses, isE2eBuild } from './fuses';

describe('fuses', () => {
  it('turns off every way to run other code in a release build', () => {
    const fuses = fieldlinkFuses({ e2e: false });
    expect(fuses[FuseV1Options.RunAsNode]).toBe(false);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(fuses[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });

  it('sets every fuse Electron knows, so a new one cannot be left at its default unnoticed', () => {
    const known = Object.values(FuseV1Options).filter((v) => typeof v === 'number');
    expect(
      Object.keys(fieldlinkFuses({ e2e: false }))
        .map(Number)
        .sort(),
    ).toEqual([...known].sort());
  });

  it('keeps the inspect fuse on only for end-to-end builds (Playwright attaches through it)', () => {
    const e2e = fieldlinkFuses({ e2e: true });
    const release = fieldlinkFuses({ e2e: false });
    expect(e2e[FuseV1Options.EnableNodeCliInspectArguments]).toBe(true);
    for (const key of Object.keys(release).map(Number) as FuseV1Options[]) {
      if (key !== FuseV1Options.EnableNodeCliInspectArguments) expect(e2e[key]).toBe(release[key]);
    }
    expect(isE2eBuild({ FIELDLINK_E2E_BUILD: '1' })).toBe(true);
    expect(isE2eBuild({})).toBe(false);
    expect(isE2eBuild({ FIELDLINK_E2E_BUILD: 'true' })).toBe(false);
  });

  it("maps to electron-builder's names one to one", () => {
    expect(electronBuilderFuses({ e2e: false })).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
