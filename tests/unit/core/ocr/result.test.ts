import { describe, expect, it } from 'vitest';
import { buildResult, linesFromTsv, type RawWord } from '../../../../src/core/ocr/result';

// Tesseract's TSV: level, page, block, paragraph, line, word, left, top, width, height, confidence, text.
const TSV = [
  '1\t1\t0\t0\t0\t0\t0\t0\t1660\t460\t-1\t',
  '2\t1\t1\t0\t0\t0\t62\t54\t460\t47\t-1\t',
  '3\t1\t1\t1\t0\t0\t62\t54\t460\t47\t-1\t',
  '4\t1\t1\t1\t1\t0\t62\t54\t460\t47\t-1\t',
  '5\t1\t1\t1\t1\t1\t62\t54\t193\t47\t96.096512\tWeekly',
  '5\t1\t1\t1\t1\t2\t276\t63\t246\t38\t95.886566\tsummary',
  '4\t1\t1\t1\t2\t0\t61\t177\t638\t30\t-1\t',
  '5\t1\t1\t1\t2\t1\t61\t178\t64\t23\t41.5\tYour',
  '2\t1\t2\t0\t0\t0\t883\t177\t642\t30\t-1\t',
  '5\t1\t2\t1\t1\t1\t883\t178\t75\t23\t96\t"Press"',
  ''
].join('\n');

describe('linesFromTsv', () => {
  it("reads Tesseract's words, grouped into its lines, in its order, with boxes and confidences", () => {
    expect(linesFromTsv(TSV)).toEqual([
      {
        words: [
          { text: 'Weekly', confidence: 96.096512, bbox: { x0: 62, y0: 54, x1: 255, y1: 101 } },
          { text: 'summary', confidence: 95.886566, bbox: { x0: 276, y0: 63, x1: 522, y1: 101 } }
        ]
      },
      { words: [{ text: 'Your', confidence: 41.5, bbox: { x0: 61, y0: 178, x1: 125, y1: 201 } }] },
      { words: [{ text: '"Press"', confidence: 96, bbox: { x0: 883, y0: 178, x1: 958, y1: 201 } }] }
    ]);
  });

  it("moves a band's words down by its offset in the page", () => {
    const [line] = linesFromTsv(TSV, 500);
    expect(line!.words[0]!.bbox).toEqual({ x0: 62, y0: 554, x1: 255, y1: 601 });
  });

  it('finds no lines in empty output', () => {
    expect(linesFromTsv('')).toEqual([]);
    expect(linesFromTsv('1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n')).toEqual([]);
  });
});

describe('buildResult', () => {
  const prepared = {
    grey: new Uint8Array(0),
    background: 255,
    width: 400,
    height: 100,
    sourceWidth: 400,
    sourceHeight: 100,
    scale: 1,
    inverted: false,
    verticalRules: []
  };
  const word = (text: string, x0: number, y0: number, x1: number, y1: number): RawWord => ({
    text,
    confidence: 90,
    bbox: { x0, y0, x1, y1 }
  });

  it('drops the edges of a frame round a word (a focus ring read as "[ Cancel |"), and keeps printed brackets', () => {
    const ring = { words: [word('[', 10, 10, 14, 44), word('Cancel', 30, 20, 90, 34), word('|', 104, 10, 106, 44)] };
    const printed = { words: [word('See', 10, 60, 40, 74), word('[', 46, 59, 50, 76), word('1]', 52, 59, 64, 76)] };
    // A capital I stands on the line's baseline, taller than "am" but not reaching below it.
    const pronoun = { words: [word('I', 200, 60, 204, 74), word('am', 210, 64, 232, 74)] };
    expect(buildResult([ring, printed, pronoun], prepared, 'eng').lines.map((l) => l.text)).toEqual([
      'Cancel',
      'See [ 1]',
      'I am'
    ]);
  });
});
