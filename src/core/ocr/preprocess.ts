import { BACKGROUND, decoding, openImage } from '../imaging/decode';
import type { Band } from './bands';
import { eraseRules, type VerticalRule } from './rules';

/*
 * What helps Tesseract read screen text: one grey channel, dark text on a light ground (its models
 * were trained on print; light-on-dark themes read far worse), and glyphs big enough for its LSTM
 * (small UI text is enlarged). The scale is chosen by pixel budget so a full-HD screen stays within
 * time, and huge images are shrunk to fit rather than refused.
 */

/** Small images are enlarged (at most ×MAX_UPSCALE) until they have this many pixels. */
const UPSCALE_TO_PIXELS = 2_200_000;
const MAX_UPSCALE = 2;
/** Pixels handed to Tesseract at most; more costs time and WebAssembly memory for little gain. */
const MAX_OCR_PIXELS = 8_400_000;
/** Longest edge handed to Tesseract at most. */
const MAX_OCR_EDGE = 4200;
/** Mean grey level (0..255) below which the image is taken as a dark theme and inverted. */
const DARK_MEAN = 128;
/** Runs of ink at least this long (in the pixels Tesseract sees) are frames and rules, not glyph strokes. */
const RULE_LENGTH = 100;

export interface PreparedForOcr {
  /** One grey byte per pixel, row by row, dark text on a light ground: what Tesseract sees. */
  grey: Uint8Array;
  /** Its typical light level, 0..255: darker than this by INK_CONTRAST is ink. */
  background: number;
  /** Size of what Tesseract sees. */
  width: number;
  height: number;
  /** The input's upright size. */
  sourceWidth: number;
  sourceHeight: number;
  /** ocr pixels per source pixel, to map boxes back. */
  scale: number;
  inverted: boolean;
  /** Frame edges painted over, in the pixels Tesseract sees: text on either side belongs apart. */
  verticalRules: VerticalRule[];
}

/**
 * The scale for a source of this size: small captures are enlarged (a full-HD screen is not, to stay
 * within about a second), huge ones shrunk to fit. Text that is tiny in a huge image is lost that way.
 */
export function ocrScale(width: number, height: number): number {
  const pixels = width * height;
  const edge = Math.max(width, height);
  if (pixels < UPSCALE_TO_PIXELS) return Math.min(MAX_UPSCALE, Math.sqrt(UPSCALE_TO_PIXELS / pixels));
  return Math.min(1, Math.sqrt(MAX_OCR_PIXELS / pixels), MAX_OCR_EDGE / edge);
}

/** Blank rows added above and below a band cut out of a page, so that no text sits on its edge. */
export const BAND_PADDING = 8;

/**
 * Rows [top, bottom) of the prepared image as a binary PGM (P5), which Leptonica reads without decoding
 * work. A band that does not start or end at the image's edge is padded there with copies of its
 * (blank) edge row; its y coordinates are offset by `top - BAND_PADDING` then.
 */
export function bandImage(prepared: PreparedForOcr, band: Band = { top: 0, bottom: prepared.height }): Uint8Array {
  const { grey, width } = prepared;
  const padTop = band.top > 0 ? BAND_PADDING : 0;
  const padBottom = band.bottom < prepared.height ? BAND_PADDING : 0;
  const rows = band.bottom - band.top + padTop + padBottom;
  const header = new TextEncoder().encode(`P5\n${width} ${rows}\n255\n`);
  const out = new Uint8Array(header.length + rows * width);
  out.set(header);
  const row = (y: number) => grey.subarray(y * width, (y + 1) * width);
  let at = header.length;
  for (let i = 0; i < padTop; i++, at += width) out.set(row(band.top), at);
  out.set(grey.subarray(band.top * width, band.bottom * width), at);
  at += (band.bottom - band.top) * width;
  for (let i = 0; i < padBottom; i++, at += width) out.set(row(band.bottom - 1), at);
  return out;
}

export async function prepareForOcr(input: Uint8Array, options: { scale?: number } = {}): Promise<PreparedForOcr> {
  const source = await openImage(input);
  const scale = options.scale ?? ocrScale(source.width, source.height);
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const { data, info } = await decoding(() =>
    source
      .pipeline()
      .autoOrient()
      .flatten({ background: BACKGROUND })
      .greyscale()
      .resize(width, height, { fit: 'fill', kernel: scale > 1 ? 'cubic' : 'lanczos3' })
      .extractChannel(0)
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
  );
  const grey = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let sum = 0;
  for (let i = 0; i < grey.length; i++) sum += grey[i]!;
  const inverted = sum / grey.length < DARK_MEAN;
  if (inverted) for (let i = 0; i < grey.length; i++) grey[i] = 255 - grey[i]!;
  const background = Math.max(Math.round(inverted ? 255 - sum / grey.length : sum / grey.length), 200);
  const verticalRules = eraseRules(grey, info.width, info.height, background, RULE_LENGTH);
  return {
    grey,
    background,
    width: info.width,
    height: info.height,
    sourceWidth: source.width,
    sourceHeight: source.height,
    scale: info.width / source.width,
    inverted,
    verticalRules
  };
}
