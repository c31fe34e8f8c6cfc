import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { describe, expect, it } from 'vitest';
import { builderConfig, releaseFeed } from '../../scripts/package/builder-config';
import { projectDir } from '../../scripts/package/check';

/*
 * The Windows and macOS installers are made by the release workflow (they need their own runners);
 * here their configuration is validated against electron-builder's own schema and read for what the
 * issue asks of it.
 */
const config = builderConfig({ projectDir });

describe('electron-builder configuration', () => {
  it("passes electron-builder's own validation, which refuses a misspelt option", async () => {
    const quiet = { isEnabled: false, add: () => {} } as never;
    await expect(validateConfiguration(config, quiet)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, nsis: { perMachin: false } as never }, quiet)).rejects.toThrow(
      /configuration\.nsis should be/
    );
  });

  it('installs on Windows for the current user, with no administrator rights', () => {
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false });
  });

  it('makes a hardened macOS dmg that says why it asks for the microphone, the camera and the screen', () => {
    expect(config.mac).toMatchObject({ target: ['dmg'], hardenedRuntime: true });
    const info = config.mac!.extendInfo as Record<string, string>;
    for (const key of ['NSMicrophoneUsageDescription', 'NSCameraUsageDescription', 'NSScreenCaptureUsageDescription'])
      expect(info[key]).toMatch(/^Lumen .{20,}\.$/);
    const entitlements = readFileSync(join(projectDir, config.mac!.entitlements!), 'utf8');
    for (const key of ['device.audio-input', 'device.camera', 'cs.allow-jit'])
      expect(entitlements).toContain(`<key>com.apple.security.${key}</key>`);
  });

  it('publishes to the GitHub releases named in the environment, and to nothing without one', () => {
    expect(releaseFeed({ GITHUB_REPOSITORY: 'lumen-app/lumen' })).toEqual({
      provider: 'github',
      owner: 'lumen-app',
      repo: 'lumen',
      releaseType: 'draft'
    });
    expect(releaseFeed({ LUMEN_RELEASE_REPO: 'me/fork', GITHUB_REPOSITORY: 'lumen-app/lumen' })).toMatchObject({
      owner: 'me',
      repo: 'fork'
    });
    expect(releaseFeed({})).toBeNull();
  });
});
