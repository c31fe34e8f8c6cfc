import { describe, expect, it } from 'vitest';
import { CELL_KEYS, cellName, toPixels, WHOLE, zoomInto } from '../../../src/renderer/src/capture/region';

describe('choosing a region with the number keys', () => {
  it('lays the cells out like a keypad: 7 top left, 5 the centre, 3 bottom right', () => {
    expect(zoomInto(WHOLE, '7')).toEqual({ x: 0, y: 0, width: 1 / 3, height: 1 / 3 });
    expect(zoomInto(WHOLE, '5')).toEqual({ x: 1 / 3, y: 1 / 3, width: 1 / 3, height: 1 / 3 });
    expect(zoomInto(WHOLE, '3')).toEqual({ x: 2 / 3, y: 2 / 3, width: 1 / 3, height: 1 / 3 });
    expect(CELL_KEYS.map(cellName)).toEqual([
      'top left',
      'top middle',
      'top right',
      'middle left',
      'centre',
      'middle right',
      'bottom left',
      'bottom middle',
      'bottom right'
    ]);
  });

  it('zooms into a cell of the region already chosen', () => {
    const topRight = zoomInto(WHOLE, '9')!;
    const region = zoomInto(topRight, '1')!;
    expect(region.x).toBeCloseTo(2 / 3);
    expect(region.y).toBeCloseTo(2 / 9);
    expect(region.width).toBeCloseTo(1 / 9);
    expect(region.height).toBeCloseTo(1 / 9);
  });

  it('ignores keys that are not cells', () => {
    expect(zoomInto(WHOLE, '0')).toBeUndefined();
    expect(zoomInto(WHOLE, 'a')).toBeUndefined();
    expect(cellName('0')).toBe('');
  });

  it("turns a region into the picture's pixels, never smaller than one pixel", () => {
    expect(toPixels(zoomInto(WHOLE, '5')!, 1920, 1080)).toEqual({ x: 640, y: 360, width: 640, height: 360 });
    expect(toPixels({ x: 0.5, y: 0.5, width: 0.0001, height: 0.0001 }, 100, 100)).toEqual({
      x: 50,
      y: 50,
      width: 1,
      height: 1
    });
  });
});
