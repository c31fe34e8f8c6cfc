import { decoding, openImage } from '../imaging/decode';
import { findPrivate, type Box, type OcrLine, type OcrWord, type PrivateItem } from './detect';
import { hiddenSummary } from './summary';

/** OCR boxes hug the ink; a few pixels more also cover anti-aliased edges and descenders. */
export const DEFAULT_PADDING = 3;
/** High enough that the re-encoded picture loses nothing the describing model would notice. */
const JPEG_QUALITY = 90;
const PNG_COMPRESSION = 2;
const BLACK = { r: 0, g: 0, b: 0, alpha: 1 } as const;

export type ShieldFormat = 'png' | 'jpeg';

export interface BlackOutOptions {
  /** Pixels added on every side of each box; default DEFAULT_PADDING. */
  padding?: number;
  /** Output format; default JPEG for a JPEG input (a photo), PNG for anything else. */
  format?: ShieldFormat;
}

interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

function toRect(box: Box, padding: number, imageWidth: number, imageHeight: number): Rect | undefined {
  const { x, y, width, height } = box;
  if (![x, y, width, height].every(Number.isFinite)) {
    // Failing closed: a box that cannot be drawn must not let the picture leave unshielded.
    throw new RangeError(`A box to black out must be finite, got ${JSON.stringify(box)}`);
  }
  const left = Math.max(0, Math.floor(x - padding));
  const top = Math.max(0, Math.floor(y - padding));
  const right = Math.min(imageWidth, Math.ceil(x + width + padding));
  const bottom = Math.min(imageHeight, Math.ceil(y + height + padding));
  return right > left && bottom > top ? { left, top, width: right - left, height: bottom - top } : undefined;
}

/**
 * The image with opaque black rectangles over the boxes, which are in pixels of the upright image
 * (as the OCR engine measures them). The result is upright, carries no metadata (no EXIF, so no
 * location either), and is JPEG for a JPEG input and PNG otherwise unless `format` says. Boxes
 * are padded and clipped to the image. Unusable input throws ImageError.
 */
export async function blackOut(
  image: Uint8Array,
  boxes: readonly Box[],
  options: BlackOutOptions = {}
): Promise<Buffer> {
  const padding = options.padding ?? DEFAULT_PADDING;
  const source = await openImage(image);
  const rects = boxes.flatMap((b) => toRect(b, padding, source.width, source.height) ?? []);
  const format = options.format ?? (source.format === 'jpeg' ? 'jpeg' : 'png');
  return decoding(() => {
    // sharp composites after orienting, so the rectangles land where the boxes were measured.
    let pipeline = source.pipeline().autoOrient();
    if (rects.length) {
      pipeline = pipeline.composite(
        rects.map((r) => ({
          input: { create: { width: r.width, height: r.height, channels: 4, background: BLACK } },
          left: r.left,
          top: r.top
        }))
      );
    }
    return format === 'jpeg'
      ? pipeline.jpeg({ quality: JPEG_QUALITY }).toBuffer()
      : pipeline.png({ compressionLevel: PNG_COMPRESSION }).toBuffer();
  });
}

/** Boxes of one item on one row become one bar: the gaps between a card number's groups are covered too. */
export function coverFor(boxes: readonly Box[]): Box[] {
  const bars: Box[] = [];
  for (const box of boxes) {
    const last = bars.at(-1);
    const overlap = last ? Math.min(last.y + last.height, box.y + box.height) - Math.max(last.y, box.y) : 0;
    const gap = last ? box.x - (last.x + last.width) : Infinity;
    if (last && overlap >= 0.5 * Math.min(last.height, box.height) && gap >= 0 && gap <= 2 * box.height) {
      const x = last.x;
      const y = Math.min(last.y, box.y);
      bars[bars.length - 1] = {
        x,
        y,
        width: box.x + box.width - x,
        height: Math.max(last.y + last.height, box.y + box.height) - y
      };
    } else bars.push({ ...box });
  }
  return bars;
}

/** OCR output, as src/core/ocr's OcrResult gives it. */
export interface RecognizedText {
  words: readonly OcrWord[];
  lines?: readonly OcrLine[];
}

export interface ShieldedImage {
  /** The image to upload: the input itself when nothing was found (and no format was asked for). */
  image: Buffer;
  hidden: PrivateItem[];
  /** Spoken after shielding: "2 private items hidden: a card number and an e-mail address."; empty if none. */
  summary: string;
}

/** Finds the private items in the OCR text of an image and blacks them out. */
export async function shieldImage(
  image: Uint8Array,
  text: RecognizedText,
  options: BlackOutOptions = {}
): Promise<ShieldedImage> {
  const hidden = findPrivate(text.words, text.lines);
  const untouched = hidden.length === 0 && options.format === undefined;
  const out = untouched
    ? Buffer.from(image.buffer, image.byteOffset, image.byteLength)
    : await blackOut(
        image,
        hidden.flatMap((item) => coverFor(item.boxes)),
        options
      );
  return { image: out, hidden, summary: hiddenSummary(hidden) };
}
