import { describe, expect, it } from 'vitest';
import { contentType } from '../../../src/shared/content-type';

describe('contentType', () => {
  it('serves module scripts and WebAssembly with the types browsers insist on', () => {
    expect(contentType('/assets/capture.worklet-3f2a.js')).toBe('text/javascript; charset=utf-8');
    expect(contentType('C:\\Lumen\\out\\renderer\\worker.MJS')).toBe('text/javascript; charset=utf-8');
    expect(contentType('/tesseract/core.wasm')).toBe('application/wasm');
  });

  it('reads the extension of the file, not of a folder on the way', () => {
    expect(contentType('/v1.2/LICENSE')).toBe('application/octet-stream');
    expect(contentType('/sounds/rise.wav')).toBe('audio/wav');
  });
});
