import sharp from 'sharp';
import type { OcrResult } from '../ocr/types';
import type { GreyImage } from './homography';

/*
 * Which way up a page lies. tesseract.js can tell (its `detect`), but only with the "osd" model and
 * the legacy engine, neither of which the installed data package holds; so Lumen decides itself:
 * - on its side: the page's lines then run down, so ink piles up in columns, not rows (the profile
 *   that levels the lines, skew.ts, taken both ways), which costs a few milliseconds and no reading;
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
/** Ink pixels sampled at most: enough for the profiles, a few milliseconds. */
const MAX_SAMPLES = 20_000;
/** Lines are looked for within this many degrees of level, every half degree (a page held askew). */
const MAX_TILT = 15;

/** How unevenly `offsets` fall into one-pixel bins: 1 for even, more where lines of text are. */
function concentration(offsets: Float64Array, bins: Float64Array, shift: number): number {
  bins.fill(0);
  for (const at of offsets) bins[Math.round(at) + shift]!++;
  let squares = 0;
  let filled = 0;
  for (const n of bins) {
    squares += n * n;
    if (n) filled++;
  }
  return (filled * squares) / (offsets.length * offsets.length);
}

/**
 * Whether the page's lines run down rather than across (the page lies on its side): the ink's rows
 * and its columns are each tried within MAX_TILT of level, and the one where ink piles up most wins.
 */
export function sideways(mask: Uint8Array, width: number, height: number): boolean {
  let total = 0;
  for (const v of mask) total += v;
  if (!total) return false;
  const step = Math.max(1, Math.ceil(total / MAX_SAMPLES));
  const xs: number[] = [];
  const ys: number[] = [];
  let seen = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i] || seen++ % step) continue;
    xs.push(i % width);
    ys.push(Math.floor(i / width));
  }
  const shift = Math.ceil(Math.hypot(width, height));
  const bins = new Float64Array(2 * shift + 2);
  const offsets = new Float64Array(xs.length);
  let across = 0;
  let down = 0;
  for (let degrees = -MAX_TILT; degrees <= MAX_TILT; degrees += 0.5) {
    const a = (degrees * Math.PI) / 180;
    const [s, c] = [Math.sin(a), Math.cos(a)];
    for (let i = 0; i < xs.length; i++) offsets[i] = ys[i]! * c - xs[i]! * s;
    across = Math.max(across, concentration(offsets, bins, shift));
    for (let i = 0; i < xs.length; i++) offsets[i] = xs[i]! * c + ys[i]! * s;
    down = Math.max(down, concentration(offsets, bins, shift));
  }
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
