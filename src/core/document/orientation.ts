import sharp from 'sharp';
import type { OcrResult } from '../ocr/types';
import type { GreyImage } from './homography';
import { skewAngle } from './skew';

/*
 * Which way up a page lies. tesseract.js can tell (its `detect`), but only with the "osd" model and
 * the legacy engine, neither of which the installed data package holds; so Lumen decides itself:
 * - on its side: the page's lines then run down, so ink piles up in columns, not rows (the same
 *   profile that levels the lines, skew.ts), which costs a few milliseconds and no reading;
 * - upside down: only reading tells. Read upside down, Tesseract still finds every line but is
 *   unsure of its letters (mean confidence about 30–40 against 95 upright, see orientation.test.ts),
 *   so a page read with doubtful confidence is read once more turned half round, and the better
 *   reading kept. An upright page, the common case, is read once.
 */

/** Degrees the page was turned (clockwise) to read it. */
export type Turn = 0 | 90 | 180 | 270;

export const UPSIDE_DOWN = 'The page was upside down; Lumen turned it.';
export const ON_ITS_SIDE = 'The page was on its side; Lumen turned it.';

/** What to say about the turn, or nothing for an upright page. */
export const turnNote = (turn: Turn): string | undefined =>
  turn === 180 ? UPSIDE_DOWN : turn === 0 ? undefined : ON_ITS_SIDE;

/** Lines running down must pile ink up this much more than rows do before the page is taken as on its side. */
const SIDEWAYS_MARGIN = 1.2;
/** Ink pixels sampled at most for a profile. */
const MAX_SAMPLES = 60_000;

/** How unevenly ink falls into rows of the mask turned by `degrees`: 1 for even, more where lines are. */
function rowConcentration(mask: Uint8Array, width: number, height: number, degrees: number): number {
  let total = 0;
  for (const v of mask) total += v;
  if (!total) return 0;
  const step = Math.max(1, Math.ceil(total / MAX_SAMPLES));
  const a = (degrees * Math.PI) / 180;
  const [s, c] = [Math.sin(a), Math.cos(a)];
  const diagonal = Math.ceil(Math.hypot(width, height));
  const rows = new Float64Array(2 * diagonal + 2);
  let seen = 0;
  let used = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i] || seen++ % step) continue;
    rows[Math.round(Math.floor(i / width) * c - (i % width) * s) + diagonal]!++;
    used++;
  }
  let squares = 0;
  let filled = 0;
  for (const n of rows) {
    squares += n * n;
    if (n) filled++;
  }
  return (filled * squares) / (used * used);
}

function transposed(mask: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[x * height + y] = mask[y * width + x]!;
  return out;
}

/** Whether the page's lines run down rather than across (the page lies on its side). */
export function sideways(mask: Uint8Array, width: number, height: number): boolean {
  const across = rowConcentration(mask, width, height, skewAngle(mask, width, height));
  const turned = transposed(mask, width, height);
  const down = rowConcentration(turned, height, width, skewAngle(turned, height, width));
  return down > SIDEWAYS_MARGIN * across;
}

/** The image turned a quarter clockwise. */
export function quarterTurned({ data, width, height }: GreyImage): GreyImage {
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) out[x * height + (height - 1 - y)] = data[y * width + x]!;
  return { data: out, width: height, height: width };
}

/** A PNG turned half round. */
export async function halfTurned(png: Uint8Array): Promise<Uint8Array> {
  const turned = await sharp(png).rotate(180).png({ compressionLevel: 1 }).toBuffer();
  return new Uint8Array(turned.buffer, turned.byteOffset, turned.byteLength);
}

/** The words' confidence, each word counted by its letters (a stray mark weighs little); 0 without words. */
export function readingConfidence(result: OcrResult): number {
  let letters = 0;
  let sum = 0;
  for (const word of result.words) {
    letters += word.text.length;
    sum += word.confidence * word.text.length;
  }
  return letters ? sum / letters : 0;
}

/*
 * Below this a reading may be of a page upside down and the page is read turned as well. Upright
 * letters read at 90–96 even lit from one side; upside down at 30–40. 70 leaves room both ways.
 */
export const DOUBTFUL_CONFIDENCE = 70;
/** The turned reading must be surer by this much to be kept: two poor readings of one page differ by a few. */
const BETTER_BY = 10;

/** Whether a turned page's reading should replace the reading as it lay. */
export const turnedReadsBetter = (asItLay: OcrResult, turned: OcrResult): boolean =>
  readingConfidence(turned) >= readingConfidence(asItLay) + BETTER_BY;
