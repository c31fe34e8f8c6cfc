import { describe, expect, it } from 'vitest';
import { checkPackage } from '../../scripts/package/check';

/*
 * Packs Lumen three ways (offline, against a stand-in Electron; ~20 s each) and checks each package
 * as `npm run package:check` does: Lumen's own configuration must be complete, and the two
 * configurations that were tried before it must fail, naming what would break.
 */
const PACK_TIMEOUT = 240_000;

describe('npm run package:check', () => {
  it(
    "finds nothing wrong with the package Lumen's configuration makes, and reads its hardened fuses back",
    async () => {
      const report = await checkPackage('lumen');
      expect(report.problems).toEqual([]);
      expect(report.fuses).toEqual({
        runAsNode: false,
        enableCookieEncryption: true,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        enableEmbeddedAsarIntegrityValidation: true,
        onlyLoadAppFromAsar: true,
        loadBrowserProcessSpecificV8Snapshot: false,
        grantFileProtocolExtraPrivileges: false,
        // Not known to electron-builder's fuse library yet: left as Electron ships it.
        wasmTrapHandlers: true
      });
      expect(report.sizes.archive + report.sizes.unpacked).toBeLessThanOrEqual(80 * 1024 * 1024);
      // Plain Node, from the unpacked files alone, drew text with sharp, read it back and spoke it.
      expect(report.smoke?.text).toBe('Lumen reads 42 lines');
      expect(report.smoke?.wavBytes).toBeGreaterThan(10_000);
    },
    PACK_TIMEOUT
  );

  it(
    'fails with the unpack list removed, naming each file a worker, a WebAssembly loader or the linker cannot read',
    async () => {
      const { problems } = await checkPackage('no-unpack');
      const inside = (path: string, kind: string) =>
        `Packed inside app.asar but read from disk (${kind}): node_modules/${path}.`;
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^Packed inside app\.asar but read from disk \(a shared library the addon loads\): node_modules\/@img\/sharp-libvips-linux-x64\/lib\/libvips-cpp\.so\.[\d.]+\.$/
          ),
          inside('@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz', 'text-reading language data'),
          inside('espeak-ng/dist/espeak-ng.wasm', 'WebAssembly'),
          inside('tesseract.js-core/tesseract-core-simd.wasm', 'WebAssembly'),
          inside('tesseract.js/src/worker-script/node/index.js', 'a worker thread runs it'),
          'Packed inside app.asar but read from disk (a worker thread runs it): out/main/offline-voice-worker.js.',
          'out/main/index.js hands node_modules/tesseract.js/src/worker-script/node/index.js to a worker, but it is not unpacked.',
          'out/main/index.js hands node_modules/espeak-ng/dist/espeak-ng.js to a worker, but it is not unpacked.',
          "Plain Node from app.asar.unpacked: sharp drawing text failed: Cannot find module 'sharp'",
          "Plain Node from app.asar.unpacked: the offline voice writing a WAV failed: Cannot find module 'espeak-ng'"
        ])
      );
    },
    PACK_TIMEOUT
  );

  it(
    "fails on electron-builder's default configuration: no icon, files never run, fuses as Electron ships them, over the budget",
    async () => {
      const { problems } = await checkPackage('electron-builder-defaults');
      expect(problems).toEqual(
        expect.arrayContaining([
          'Missing from the package: resources/icon.png (the window and tray icon, loaded by src/main/index.ts).',
          expect.stringMatching(/^Shipped but never run \(a source map\): \d+ files/),
          expect.stringMatching(/^Shipped but never run \(a package already bundled\): \d+ files/),
          'Fuse runAsNode is on; it should be off.',
          'Fuse onlyLoadAppFromAsar is off; it should be on.',
          'Fuse grantFileProtocolExtraPrivileges is on; it should be off.',
          expect.stringMatching(/over the 80 MB budget\.$/),
          expect.stringMatching(/read from disk \(a shared library the addon loads\): .*libvips-cpp\.so/)
        ])
      );
    },
    PACK_TIMEOUT
  );
});
