import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitIntoBands, type Band } from '../../../../src/core/ocr/bands';

/*
 * Band cutting on synthetic pages: white (255) with black rectangles standing in for lines of text.
 */

interface Ink {
  x: number;
  y: number;
  width: number;
  height: number;
}

const WIDTH = 400;

function page(height: number, inks: Ink[]): Uint8Array {
  const grey = new Uint8Array(WIDTH * height).fill(255);
  for (const ink of inks) {
    for (let y = ink.y; y < ink.y + ink.height; y++) grey.fill(0, y * WIDTH + ink.x, y * WIDTH + ink.x + ink.width);
  }
  return grey;
}

const split = (height: number, inks: Ink[], count = 2) => splitIntoBands(page(height, inks), WIDTH, height, 255, count);

/** Lines of "text" 16 px tall, `pitch` apart, from y; as wide as `width`. */
const lines = (y: number, count: number, pitch = 30, width = 300): Ink[] =>
  Array.from({ length: count }, (_, i) => ({ x: 20, y: y + i * pitch, width, height: 16 }));

function expectTiling(bands: Band[], height: number) {
  expect(bands[0]!.top).toBe(0);
  expect(bands.at(-1)!.bottom).toBe(height);
  for (let i = 1; i < bands.length; i++) expect(bands[i]!.top).toBe(bands[i - 1]!.bottom);
  for (const band of bands) expect(band.bottom).toBeGreaterThan(band.top);
}

/** Whether row y of the page has no ink. */
const blankRow = (inks: Ink[], y: number) => inks.every((ink) => y < ink.y || y >= ink.y + ink.height);

describe('splitIntoBands', () => {
  it('cuts a page of evenly spaced lines in the middle gap, through blank rows', () => {
    const inks = lines(10, 10);
    const bands = split(310, inks);
    expect(bands).toHaveLength(2);
    expectTiling(bands, 310);
    // Five lines each side: the cut is in the gap between lines 5 and 6 (rows 146..160).
    expect(bands[0]!.bottom).toBeGreaterThanOrEqual(146);
    expect(bands[0]!.bottom).toBeLessThan(160);
    expect(blankRow(inks, bands[0]!.bottom)).toBe(true);
  });

  it('never cuts through a line that lies across the middle, and cuts beside it instead', () => {
    // A tall heading (60 px) spans the page's middle row; lines above and below it.
    const heading = { x: 20, y: 170, width: 360, height: 60 };
    const inks = [...lines(10, 5), heading, ...lines(260, 5)];
    const bands = split(400, inks);
    expect(bands).toHaveLength(2);
    const cut = bands[0]!.bottom;
    expect(cut < heading.y || cut >= heading.y + heading.height).toBe(true);
    expect(blankRow(inks, cut)).toBe(true);
  });

  it('balances by the amount of text, not by height', () => {
    // Eight lines crowded into the top 300 rows, two at the bottom of a 1000-row page.
    const inks = [...lines(10, 8), ...lines(900, 2)];
    const bands = split(1000, inks);
    expect(bands).toHaveLength(2);
    // Five lines above the cut, not eight: the bands hold 5 and 5.
    expect(bands[0]!.bottom).toBeGreaterThan(10 + 4 * 30 + 16);
    expect(bands[0]!.bottom).toBeLessThan(10 + 5 * 30);
  });

  it('does not cut between a line and its dots, accents or underline', () => {
    // Rows 100..101 dots, 104..119 the letters, 122..123 an underline: gaps of 2 px only.
    const inks = [
      { x: 30, y: 100, width: 3, height: 2 },
      { x: 20, y: 104, width: 300, height: 16 },
      { x: 20, y: 122, width: 300, height: 2 }
    ];
    expect(split(240, inks)).toEqual([{ top: 0, bottom: 240 }]);
    // Larger type: a 6 px gap above 40 px letters is still inside the line.
    const big = [
      { x: 30, y: 40, width: 8, height: 7 },
      { x: 20, y: 53, width: 300, height: 40 }
    ];
    expect(split(160, big)).toEqual([{ top: 0, bottom: 160 }]);
  });

  it('reads a page without a usable gap, a blank page or one line as one band', () => {
    expect(split(200, [{ x: 0, y: 0, width: 400, height: 200 }])).toEqual([{ top: 0, bottom: 200 }]);
    expect(split(200, [])).toEqual([{ top: 0, bottom: 200 }]);
    expect(split(200, lines(90, 1))).toEqual([{ top: 0, bottom: 200 }]);
    // Lines touching each other leave no blank row.
    expect(split(200, lines(20, 8, 16))).toEqual([{ top: 0, bottom: 200 }]);
  });

  it('makes one band for one worker, and up to `count` bands for more', () => {
    const inks = lines(10, 12);
    expect(split(380, inks, 1)).toEqual([{ top: 0, bottom: 380 }]);
    const bands = split(380, inks, 3);
    expect(bands).toHaveLength(3);
    expectTiling(bands, 380);
  });

  it('on any page, cuts only through blank gaps of several rows, and the bands tile the page', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: fc.integer({ min: 0, max: 300 }),
            y: fc.integer({ min: 0, max: 560 }),
            width: fc.integer({ min: 1, max: 100 }),
            height: fc.integer({ min: 1, max: 40 })
          }),
          { maxLength: 30 }
        ),
        fc.integer({ min: 1, max: 4 }),
        (inks, count) => {
          const bands = split(600, inks, count);
          expect(bands.length).toBeLessThanOrEqual(count);
          expectTiling(bands, 600);
          for (const band of bands.slice(1)) {
            // The cut row and at least 2 rows either side of it are blank.
            for (let y = band.top - 2; y <= band.top + 1; y++) expect(blankRow(inks, y)).toBe(true);
          }
        }
      ),
      { seed: 8, numRuns: 300 }
    );
  });
});
