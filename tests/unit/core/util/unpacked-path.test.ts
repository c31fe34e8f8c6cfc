import { describe, expect, it } from 'vitest';
import { unpackedPath } from '../../../../src/core/util/unpacked-path';

describe('unpackedPath', () => {
  it('maps a path inside the app archive to the unpacked folder beside it', () => {
    expect(unpackedPath('/opt/Lumen/resources/app.asar/node_modules/espeak-ng/dist/espeak-ng.js')).toBe(
      '/opt/Lumen/resources/app.asar.unpacked/node_modules/espeak-ng/dist/espeak-ng.js'
    );
    expect(unpackedPath('C:\\Lumen\\resources\\app.asar\\out\\main\\offline-voice-worker.js')).toBe(
      'C:\\Lumen\\resources\\app.asar.unpacked\\out\\main\\offline-voice-worker.js'
    );
  });

  it('leaves paths outside an archive, and paths already unpacked, as they are', () => {
    for (const path of [
      '/home/me/lumen/node_modules/tesseract.js/src/worker-script/node/index.js',
      '/opt/Lumen/resources/app.asar.unpacked/node_modules/sharp/lib/index.js',
      '/home/me/my-app.asarx/file.js'
    ])
      expect(unpackedPath(path)).toBe(path);
  });
});
