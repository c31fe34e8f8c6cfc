import { describe, expect, it } from 'vitest';
import { AUTO_TOKEN_BUDGET, estimateImageTokens, serviceSize, uploadSize } from '../../../src/shared/image-size';

describe('estimateImageTokens', () => {
  // OpenAI's documented examples first, then sizes around the tile and scaling boundaries.
  it.each([
    [1024, 1024, 'high', 765],
    [2048, 4096, 'high', 1105],
    [4096, 8192, 'low', 85],
    [512, 512, 'high', 255],
    [513, 512, 'high', 425],
    [100, 100, 'high', 255],
    [768, 768, 'high', 765],
    [1024, 576, 'high', 765],
    [1920, 1080, 'high', 1105],
    [3840, 2160, 'high', 1105],
    [1536, 2048, 'high', 765],
    [20000, 20000, 'high', 765],
    [20000, 20000, 'low', 85],
    [4000, 500, 'high', 765],
    [10000, 100, 'high', 765]
  ] as const)('%i × %i %s → %i', (width, height, detail, tokens) => {
    expect(estimateImageTokens(width, height, detail)).toBe(tokens);
  });

  it('refuses sizes that are not positive', () => {
    expect(() => estimateImageTokens(0, 10, 'high')).toThrow(RangeError);
    expect(() => estimateImageTokens(10, Number.NaN, 'low')).toThrow(RangeError);
  });
});

describe('serviceSize', () => {
  it('scales as the service does: fit 2048, then shortest side 768; low fits 512', () => {
    expect(serviceSize(2048, 4096, 'high')).toEqual({ width: 768, height: 1536 });
    expect(serviceSize(3840, 2160, 'high')).toEqual({ width: 1365, height: 768 });
    expect(serviceSize(600, 400, 'high')).toEqual({ width: 600, height: 400 });
    expect(serviceSize(4096, 8192, 'low')).toEqual({ width: 256, height: 512 });
    expect(serviceSize(300, 200, 'low')).toEqual({ width: 300, height: 200 });
  });
});

describe('uploadSize', () => {
  it('auto sends a 16:9 screen as 1024 × 576 at 765 tokens', () => {
    const size = uploadSize(3840, 2160, 'auto');
    expect(size).toEqual({ width: 1024, height: 576, detail: 'high' });
    expect(estimateImageTokens(size.width, size.height, 'high')).toBe(765);
  });

  it.each([
    [3840, 2160],
    [1920, 1080],
    [2560, 1600],
    [1366, 768],
    [3024, 4032],
    [4000, 4000],
    [4000, 500],
    [20000, 20000],
    [640, 480],
    [50, 5000]
  ])('auto keeps %i × %i within the budget, upright, without upscaling', (width, height) => {
    const size = uploadSize(width, height, 'auto');
    expect(estimateImageTokens(size.width, size.height, 'high')).toBeLessThanOrEqual(AUTO_TOKEN_BUDGET);
    expect(size.width).toBeLessThanOrEqual(width);
    expect(size.height).toBeLessThanOrEqual(height);
    expect(Math.abs(size.width / size.height - width / height) / (width / height)).toBeLessThan(0.05);
  });

  it('high uploads exactly what the service keeps, so its own scaling changes nothing', () => {
    for (const [width, height] of [
      [3840, 2160],
      [2048, 4096],
      [1000, 3000],
      [300, 200]
    ] as const) {
      const size = uploadSize(width, height, 'high');
      expect(serviceSize(size.width, size.height, 'high')).toEqual({ width: size.width, height: size.height });
      expect(estimateImageTokens(size.width, size.height, 'high')).toBe(estimateImageTokens(width, height, 'high'));
    }
  });

  it('low fits 512 × 512', () => {
    expect(uploadSize(3840, 2160, 'low')).toEqual({ width: 512, height: 288, detail: 'low' });
  });
});
